import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { generatePeople } from "$lib/ipc/fake";
import { renderWith, setup } from "$lib/testing/render";
import ImportWizard from "./ImportWizard.svelte";
import PeoplePage from "./PeoplePage.svelte";

async function withPeople(count: number) {
  const app = await setup({ mode: "demo", people: generatePeople(count) });
  renderWith(PeoplePage, app, { searchDelayMs: 0 });
  return app;
}

const rows = () => screen.queryAllByTestId("person-row");

/** Holds every `peopleList` answer until `release` is called (a backend slow to answer). */
function holdPeopleList(backend: Awaited<ReturnType<typeof setup>>["backend"]) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const original = backend.peopleList.bind(backend);
  backend.peopleList = async (filter) => {
    await gate;
    return original(filter);
  };
  return release;
}

describe("PeoplePage", () => {
  it("shows the list of the last visit at once when opened again, then the backend's fresh answer", async () => {
    const app = await setup({ mode: "demo", people: generatePeople(30) });
    const first = renderWith(PeoplePage, app, { searchDelayMs: 0 });
    expect(await screen.findByText("30 people")).toBeInTheDocument();
    first.unmount();

    // While the page is away someone is removed, and the backend is slow to answer the next visit.
    const gone = app.backend.people.pop()!;
    const release = holdPeopleList(app.backend);
    renderWith(PeoplePage, app, { searchDelayMs: 0 });
    // Before any answer: the last visit's list, not a blank page and not an empty state.
    expect(screen.getByText("30 people")).toBeInTheDocument();
    expect(rows().length).toBeGreaterThan(0);
    expect(screen.queryByRole("heading", { name: /No people yet/ })).toBeNull();

    release();
    expect(await screen.findByText("29 people")).toBeInTheDocument();
    expect(screen.queryByText(gone.externalId)).toBeNull();
  });

  it("after an import, opens on the fresh directory (never the list from before it) with the new group offered", async () => {
    const app = await setup({ mode: "demo", people: generatePeople(30) });
    const first = renderWith(PeoplePage, app, { searchDelayMs: 0 });
    expect(await screen.findByText("30 people")).toBeInTheDocument();
    first.unmount();

    // The admin imports a new group through the wizard, then comes back to People.
    app.backend.files.set("/home/admin/new.csv", "external_id,email,first_name,last_name,groups\nN1,new.one@example.org,New,One,Newcomers\n");
    app.backend.nextImportPath = "/home/admin/new.csv";
    const user = userEvent.setup();
    const wizard = renderWith(ImportWizard, app);
    await user.click(screen.getByRole("button", { name: "Choose a CSV file…" }));
    await user.click(await screen.findByRole("button", { name: "Import 1 person" }));
    await screen.findByRole("heading", { name: "Import finished" });
    wizard.unmount();

    const release = holdPeopleList(app.backend);
    renderWith(PeoplePage, app, { searchDelayMs: 0 });
    // Not the 30 from before the import: the page waits for the answer.
    expect(screen.queryByText("30 people")).toBeNull();
    release();
    expect(await screen.findByText("31 people")).toBeInTheDocument();
    expect(within(screen.getByLabelText("Group")).getByRole("option", { name: "Newcomers" })).toBeInTheDocument();
  });

  it("never shows a list remembered in the demo after switching to a real account", async () => {
    const app = await setup({ mode: "demo", people: generatePeople(30) });
    const first = renderWith(PeoplePage, app, { searchDelayMs: 0 });
    expect(await screen.findByText("30 people")).toBeInTheDocument();
    first.unmount();

    // The admin leaves the demo and connects their own account, which holds other people.
    const status = app.session.status!;
    app.session.status = {
      ...status,
      mode: "connected",
      activeAccount: status.activeAccount ? { ...status.activeAccount, id: "own-account" } : null,
    };
    app.backend.people = generatePeople(3);
    const release = holdPeopleList(app.backend);
    renderWith(PeoplePage, app, { searchDelayMs: 0 });
    // Before the answer: nothing of the demo's directory.
    expect(screen.queryByText("30 people")).toBeNull();
    expect(rows()).toHaveLength(0);

    release();
    expect(await screen.findByText("3 people")).toBeInTheDocument();
  });

  it("starts blank on a first visit, and never lets an older filter's late answer replace a newer one", async () => {
    const app = await setup({ mode: "demo", people: generatePeople(200) });
    const release = holdPeopleList(app.backend);
    renderWith(PeoplePage, app, { searchDelayMs: 0 });
    expect(rows()).toHaveLength(0);
    release();
    await screen.findByText("200 people");

    // The unfiltered answer is held back; the group's answer comes first.
    let releaseAll!: () => void;
    const held = new Promise<void>((resolve) => (releaseAll = resolve));
    const original = app.backend.peopleList.bind(app.backend);
    app.backend.peopleList = async (filter) => {
      if (filter.group === null) await held;
      return original(filter);
    };
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText("Group"), "Board");
    await user.selectOptions(screen.getByLabelText("Group"), "");
    await user.selectOptions(screen.getByLabelText("Group"), "Board");
    const board = app.backend.people.filter((p) => p.groups.includes("Board")).length;
    await screen.findByText(`${board.toLocaleString("en-US")} people match`);
    releaseAll();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.getByText(`${board.toLocaleString("en-US")} people match`)).toBeInTheDocument();
  });

  it("invites an import when there is nobody yet", async () => {
    await withPeople(0);
    const empty = await screen.findByRole("heading", { name: "No people yet: import a CSV from your platform" });
    expect(empty).toBeInTheDocument();
    const empty_ = document.getElementById("people-empty") as HTMLElement;
    expect(within(empty_).getByRole("link", { name: "Import CSV" })).toHaveAttribute("href", "/people/import");
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("renders only a window of rows for 10,000 people, and follows the scroll", async () => {
    await withPeople(10_000);
    expect(await screen.findByText("10,000 people")).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "People" });
    expect(table).toHaveAttribute("aria-rowcount", "10001");
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(60);
    expect(rows()[0]).toHaveAttribute("aria-rowindex", "2");

    const scroller = screen.getByTestId("people-scroller");
    scroller.scrollTop = 40 * 6000;
    await fireEvent.scroll(scroller);
    await waitFor(() => expect(rows()[0]).not.toHaveAttribute("aria-rowindex", "2"));
    const indexes = rows().map((r) => Number(r.getAttribute("aria-rowindex")));
    expect(Math.min(...indexes)).toBeGreaterThan(5900);
    expect(Math.max(...indexes)).toBeLessThan(6100);
    expect(rows().length).toBeLessThan(60);
  });

  it("searches and filters through the backend", async () => {
    const app = await withPeople(10_000);
    await screen.findByText("10,000 people");
    const user = userEvent.setup();

    await user.type(screen.getByRole("searchbox", { name: "Search people" }), "P00042");
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toHaveTextContent("P00042");
    expect(app.backend.callsOf("peopleList").at(-1)?.[0]).toMatchObject({ search: "P00042" });

    await user.clear(screen.getByRole("searchbox", { name: "Search people" }));
    await user.selectOptions(screen.getByLabelText("Group"), "Board");
    await user.selectOptions(screen.getByLabelText("Zoom"), "failed");
    const expected = app.backend.people.filter(
      (p) => p.groups.includes("Board") && p.zoom?.status === "failed",
    ).length;
    await waitFor(() => expect(screen.getByText(`${expected.toLocaleString("en-US")} people match`)).toBeInTheDocument());
    for (const row of rows()) {
      expect(row).toHaveTextContent("Board");
      expect(row).toHaveTextContent("Failed: Zoom already has a user");
    }
    expect(app.backend.callsOf("peopleList").at(-1)?.[0]).toEqual({
      search: null,
      group: "Board",
      status: "all",
      provisioning: "failed",
    });
  });

  it("asks only for the matching people when a filter changes, and keeps the table to a window", async () => {
    const app = await withPeople(10_000);
    await screen.findByText("10,000 people");
    expect(app.backend.callsOf("peopleGroups")).toHaveLength(1);
    const user = userEvent.setup();

    await user.selectOptions(screen.getByLabelText("Group"), "Board");
    const expected = app.backend.people.filter((p) => p.groups.includes("Board")).length;
    expect(expected).toBeGreaterThan(60);
    await waitFor(() => expect(screen.getByText(`${expected.toLocaleString("en-US")} people match`)).toBeInTheDocument());
    expect(app.backend.callsOf("peopleList")).toHaveLength(2);
    // The group names do not change with a filter: they are not asked for again.
    expect(app.backend.callsOf("peopleGroups")).toHaveLength(1);
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(60);
    for (const row of rows()) expect(row).toHaveTextContent("Board");

    await user.selectOptions(screen.getByLabelText("Group"), "");
    await waitFor(() => expect(screen.getByText("10,000 people")).toBeInTheDocument());
    expect(rows().length).toBeLessThan(60);
    expect(screen.getByLabelText("Group")).toContainHTML("Board");
  });

  it("opens with the people whose provisioning failed when Home sends the admin there", async () => {
    const app = await setup({ mode: "demo", people: generatePeople(100) });
    renderWith(PeoplePage, app, { searchDelayMs: 0, initialProvisioning: "failed" });
    const expected = app.backend.people.filter((p) => p.zoom?.status === "failed").length;
    expect(await screen.findByText(`${expected} people match`)).toBeInTheDocument();
    expect(screen.getByLabelText("Zoom")).toHaveValue("failed");
    expect(app.backend.callsOf("peopleList")[0]?.[0]).toMatchObject({ provisioning: "failed" });
  });

  it("sorts by a column, both ways", async () => {
    await withPeople(50);
    await screen.findByText("50 people");
    const user = userEvent.setup();
    const header = () => screen.getByRole("columnheader", { name: /External id/ });
    await user.click(within(header()).getByRole("button"));
    expect(header()).toHaveAttribute("aria-sort", "ascending");
    expect(rows()[0]).toHaveTextContent("P00001");
    await user.click(within(header()).getByRole("button"));
    expect(header()).toHaveAttribute("aria-sort", "descending");
    expect(rows()[0]).toHaveTextContent("P00050");
  });

  it("selects all matching people", async () => {
    await withPeople(500);
    await screen.findByText("500 people");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Select all 500 matching" }));
    expect(screen.getByText(/500 selected/)).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "Select all 500 matching people" })).toBeChecked();
  });

  it("confirms provisioning a group with how many people get Zoom users", async () => {
    const app = await withPeople(300);
    await screen.findByText("300 people");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Provision…" }));
    const dialog = await screen.findByRole("dialog", { name: "Provision people in Zoom" });

    await user.click(within(dialog).getByRole("radio", { name: "Everyone in a group" }));
    await user.selectOptions(within(dialog).getByRole("combobox", { name: "Group" }), "Youth");
    const expected = app.backend.people.filter(
      (p) => p.groups.includes("Youth") && p.active && p.zoom?.status !== "provisioned",
    ).length;
    expect(expected).toBeGreaterThan(0);
    await waitFor(() =>
      expect(within(dialog).getByRole("status")).toHaveTextContent(
        `This creates Zoom users in Northwind Community (demo) for up to ${expected} people`,
      ),
    );
    expect(within(dialog).getByText(/never create one/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole("button", { name: `Provision ${expected} people` }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(app.backend.callsOf("provisionStart")).toEqual([[{ groups: ["Youth"] }, "createOrLink"]]);
    expect(screen.getByTestId("people-job")).toHaveTextContent(`Provision ${expected} people in Zoom`);

    // Live progress of the job it started.
    const job = app.backend.jobs[0];
    app.backend.emitJobProgress({ ...app.backend.progressOf(job), state: "completed", done: expected });
    await waitFor(() => expect(screen.getByTestId("people-job")).toHaveAttribute("data-state", "completed"));
    expect(screen.getByRole("progressbar", { name: new RegExp(`${expected} of ${expected}`) })).toBeInTheDocument();
  });

  it("does not stay on a running job when the job ends before the start's answer arrives", async () => {
    const app = await withPeople(300);
    await screen.findByText("300 people");
    const user = userEvent.setup();
    // The runner reports a quick job's end before the command's answer reaches the page; the
    // answer still carries the job as it was when it started.
    const start = app.backend.provisionStart.bind(app.backend);
    app.backend.provisionStart = async (selection, mode) => {
      const job = await start(selection, mode);
      const asStarted = { ...job };
      app.backend.emitJobProgress({ ...app.backend.progressOf(job), state: "completed", done: job.total });
      return asStarted;
    };
    await user.click(screen.getByRole("button", { name: "Provision…" }));
    const dialog = await screen.findByRole("dialog", { name: "Provision people in Zoom" });
    await user.click(within(dialog).getByRole("radio", { name: "Everyone in a group" }));
    await user.selectOptions(within(dialog).getByRole("combobox", { name: "Group" }), "Youth");
    await user.click(within(dialog).getByRole("button", { name: /^Provision \d+ people$/ }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(screen.getByTestId("people-job")).toHaveAttribute("data-state", "completed");
  });

  it("offers to delete the Zoom users Rollcall created when deactivating, with their number", async () => {
    const app = await withPeople(20);
    await screen.findByText("20 people");
    const user = userEvent.setup();
    // P00002 and P00003 have Zoom users Rollcall created; P00001's was linked; P00007 has none.
    for (const name of ["Grace Lovelace", "Alan Lovelace", "Ada Lovelace", "Linus Lovelace"]) {
      await user.click(screen.getByRole("checkbox", { name: `Select ${name}` }));
    }
    await user.click(screen.getByRole("button", { name: "Deactivate…" }));
    const dialog = await screen.findByRole("dialog", { name: "Deactivate 4 people?" });
    const also = await within(dialog).findByRole("checkbox", {
      name: "Also delete the 2 Zoom users Rollcall created for them",
    });
    expect(app.backend.callsOf("deprovisionPreview")).toEqual([[["P00002", "P00003", "P00001", "P00007"]]]);
    await user.click(also);
    await user.click(within(dialog).getByRole("button", { name: "Deactivate 4 people" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(app.backend.callsOf("peopleDeactivate")).toEqual([[["P00002", "P00003", "P00001", "P00007"], true]]);
    expect(screen.getByText(/4 people deactivated\. Started: Delete 2 Zoom users/)).toBeInTheDocument();
  });

  it("opens a person's details with their Zoom user", async () => {
    await withPeople(10);
    await screen.findByText("10 people");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Katherine Lovelace" }));
    const detail = screen.getByRole("complementary", { name: "Katherine Lovelace" });
    expect(detail).toHaveTextContent("P00004");
    expect(detail).toHaveTextContent("Created by Rollcall");
    expect(detail).toHaveTextContent("zu_P00004");
  });

  it("links each external id to the person's page, with the visible id in the link's name", async () => {
    await withPeople(10);
    await screen.findByText("10 people");
    // The accessible name starts with what the link shows (WCAG 2.5.3, axe's
    // label-content-name-mismatch), then says where it goes.
    const link = screen.getByRole("link", { name: "P00004: open the page of Katherine Lovelace" });
    expect(link).toHaveTextContent("P00004");
    expect(link).toHaveAttribute("href", expect.stringContaining("P00004"));
  });
});
