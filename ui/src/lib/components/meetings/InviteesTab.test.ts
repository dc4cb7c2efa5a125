import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakePerson, generatePeople } from "$lib/ipc/fake";
import { finishJob, meetingsOf } from "$lib/ipc/fake-meetings";
import { renderWith, setup } from "$lib/testing/render";
import InviteesTab from "./InviteesTab.svelte";

const rows = () => screen.queryAllByTestId("invitee-row");

async function withMeeting(people = generatePeople(40)) {
  const app = await setup({ mode: "demo", people });
  const state = meetingsOf(app.backend);
  const meeting = state.add({ topic: "Board meeting", hostEmail: "host@example.org" });
  return { app, state, meeting, user: userEvent.setup() };
}

function invite(state: ReturnType<typeof meetingsOf>, meeting: ReturnType<ReturnType<typeof meetingsOf>["add"]>, people: ReturnType<typeof generatePeople>, register = true) {
  for (const p of people) {
    const i = state.invite(meeting, p);
    if (register) state.register(meeting, i);
  }
  state.recount(meeting);
}

describe("InviteesTab", () => {
  it("shows the invitations of the last visit at once when opened again, then the fresh ones", async () => {
    const people = generatePeople(40);
    const { app, state, meeting } = await withMeeting(people);
    invite(state, meeting, people.slice(0, 10));
    const first = renderWith(InviteesTab, app, { meetingRef: "1", timezone: "Europe/Berlin" });
    expect(await screen.findByText(/^10 invitations/)).toBeInTheDocument();
    first.unmount();

    // A registration adds five while the tab is away; the backend is slow to answer the next visit.
    invite(state, meeting, people.slice(10, 15));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const original = app.backend.invitationsList.bind(app.backend);
    app.backend.invitationsList = async (ref) => {
      await gate;
      return original(ref);
    };
    renderWith(InviteesTab, app, { meetingRef: "1", timezone: "Europe/Berlin" });
    expect(screen.getByText(/^10 invitations/)).toBeInTheDocument();
    expect(rows()).toHaveLength(10);

    release();
    expect(await screen.findByText(/^15 invitations/)).toBeInTheDocument();
    expect(rows()).toHaveLength(15);
  });

  it("says what to do when nobody is invited", async () => {
    const { app } = await withMeeting();
    renderWith(InviteesTab, app, { meetingRef: "1", timezone: "Europe/Berlin" });
    expect(await screen.findByRole("heading", { name: "Nobody is invited yet" })).toBeInTheDocument();
  });

  it("renders only a window of 3,000 invitees, with each status, a failure's reason and the phone PIN", async () => {
    const people = generatePeople(3000);
    people[1].email = "broken@example.invalid";
    const { app, state, meeting } = await withMeeting(people);
    invite(state, meeting, people);
    state.invitationsOf(meeting)[2].status = "denied";
    renderWith(InviteesTab, app, { meetingRef: "1", timezone: "Europe/Berlin" });

    const table = await screen.findByRole("table", { name: "Invitees" });
    expect(table).toHaveAttribute("aria-rowcount", "3001");
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(60);
    expect(screen.getByText(/3,000 invitations: 2,998 registered, 1 denied, 1 failed/)).toBeInTheDocument();
    const row = (p: (typeof people)[number]) => screen.getAllByTestId("invitee-row").find((r) => r.dataset.externalId === p.externalId);
    // Sorted by status, the failure comes first, with Zoom's reason and no link to copy.
    await userEvent.setup().click(screen.getByRole("button", { name: /^Status/ }));
    expect(rows()[0]).toHaveTextContent("Failed: Zoom refused the email address.");
    expect(within(rows()[0]).queryByRole("button", { name: /Copy link/ })).toBeNull();
    const search = screen.getByRole("searchbox", { name: /Search invitees/ });
    await fireEvent.input(search, { target: { value: people[0].externalId } });
    await waitFor(() => expect(row(people[0])).toHaveTextContent("Registered"));
    expect(row(people[0])).toHaveTextContent("100001");
    await fireEvent.input(search, { target: { value: people[2].externalId } });
    await waitFor(() => expect(row(people[2])).toHaveTextContent("Denied"));
    await fireEvent.input(search, { target: { value: "" } });
    await waitFor(() => expect(rows().length).toBeGreaterThan(10));

    const scroller = screen.getByTestId("invitees-scroller");
    scroller.scrollTop = 44 * 2500;
    await fireEvent.scroll(scroller);
    await waitFor(() => expect(Number(rows()[0].getAttribute("aria-rowindex"))).toBeGreaterThan(2400));
    expect(rows().length).toBeLessThan(60);
  });

  it("invites a group after a confirmation with the count, follows the job, and every invitee gets a distinct link", async () => {
    const { app, state, meeting, user } = await withMeeting();
    const choir = app.backend.people.filter((p) => p.active && p.groups.includes("Choir"));
    renderWith(InviteesTab, app, { meetingRef: "1", timezone: "Europe/Berlin" });
    await screen.findByRole("heading", { name: "Nobody is invited yet" });
    await user.click(screen.getAllByRole("button", { name: "Invite…" })[0]);

    const dialog = await screen.findByRole("dialog", { name: "Invite people to Board meeting" });
    await user.click(within(dialog).getByRole("checkbox", { name: "Choir" }));
    expect(within(dialog).getByRole("status")).toHaveTextContent(
      `This registers ${choir.length} people for this meeting in Zoom, each with their own link; Zoom sends them no email, you hand out the links.`,
    );
    await user.click(within(dialog).getByRole("button", { name: `Invite ${choir.length} people` }));
    expect(app.backend.callsOf("inviteStart")[0]).toEqual(["1", { groups: ["Choir"] }, null]);

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const bar = screen.getByTestId("invitees-job");
    expect(bar).toHaveAttribute("data-state", "running");
    await waitFor(() => expect(rows()).toHaveLength(choir.length));
    for (const row of rows()) expect(row).toHaveAttribute("data-status", "pending");

    finishJob(app.backend, app.backend.jobs[0].id);
    await waitFor(() => expect(screen.getByTestId("invitees-job")).toHaveAttribute("data-state", "completed"));
    await waitFor(() => expect(rows().every((r) => r.dataset.status === "registered")).toBe(true));
    const links = screen.getAllByTestId("copy-link").map((b) => b.dataset.link);
    expect(links).toHaveLength(choir.length);
    expect(new Set(links).size).toBe(choir.length);
    expect(meeting.invited).toBe(choir.length);

    await user.click(screen.getAllByRole("button", { name: /Copy link of/ })[0]);
    await waitFor(() => expect(state.clipboard).toBe(links[0]));
    expect(screen.getByText(/is on the clipboard/, { selector: "#copy-status" })).toBeInTheDocument();
  });

  it("does not stay on a running job when the job ends before the start's answer arrives", async () => {
    const { app, user } = await withMeeting();
    let changed = 0;
    renderWith(InviteesTab, app, { meetingRef: "1", timezone: "Europe/Berlin", onchanged: () => (changed += 1) });
    await screen.findByRole("heading", { name: "Nobody is invited yet" });
    // The runner reports a quick job's end before the command's answer reaches the page; the
    // answer still carries the job as it was when it started.
    const start = app.backend.inviteStart;
    app.backend.inviteStart = async (meeting, selection, occurrences) => {
      const outcome = await start.call(app.backend, meeting, selection, occurrences);
      const asStarted = { ...outcome.job! };
      finishJob(app.backend, asStarted.id);
      return { ...outcome, job: asStarted };
    };
    await user.click(screen.getAllByRole("button", { name: "Invite…" })[0]);
    const dialog = await screen.findByRole("dialog", { name: "Invite people to Board meeting" });
    await user.click(within(dialog).getByRole("checkbox", { name: "Choir" }));
    await user.click(within(dialog).getByRole("button", { name: /^Invite \d+ people$/ }));
    await waitFor(() => expect(screen.getByTestId("invitees-job")).toHaveAttribute("data-state", "completed"));
    await waitFor(() => expect(rows().every((r) => r.dataset.status === "registered")).toBe(true));
    expect(changed).toBeGreaterThan(0);
  });

  it("keeps an authenticated link masked until Reveal, and makes it only when asked (Reveal or Copy)", async () => {
    const ada = fakePerson({ externalId: "A1", firstName: "Ada", lastName: "Lovelace", email: "ada@example.org", zoom: { userId: "zu1", kind: "created", status: "provisioned", error: null } });
    const bob = fakePerson({ id: 2, externalId: "B2", firstName: "Bob", lastName: "Linked", email: "bob@example.org", zoom: { userId: "zu2", kind: "linked", status: "provisioned", error: null } });
    const { app, state, meeting, user } = await withMeeting([ada, bob]);
    invite(state, meeting, [ada, bob]);
    renderWith(InviteesTab, app, { meetingRef: "1", timezone: "Europe/Berlin" });
    await waitFor(() => expect(rows()).toHaveLength(2));

    // Only people whose Zoom user Rollcall created can have one.
    const [adaRow, bobRow] = rows();
    expect(within(bobRow).queryByTestId("authenticated-link")).toBeNull();
    expect(within(adaRow).getByTestId("authenticated-link")).toHaveTextContent("••••••••");
    expect(document.body.textContent).not.toContain("zak=");
    expect(app.backend.callsOf("authenticatedLink")).toHaveLength(0);

    await user.click(within(adaRow).getByRole("button", { name: "Reveal the authenticated link of Ada Lovelace" }));
    const dialog = await screen.findByRole("dialog", { name: "Authenticated link for Ada Lovelace" });
    const url = await within(dialog).findByTestId("authenticated-url");
    expect((url as HTMLTextAreaElement).value).toMatch(/tk=tk-1-1&zak=zak-A1-1$/);
    expect(within(dialog).getByText(/Valid until 2030-04-15 14:00 \(Europe\/Berlin\) \(90 days\)/)).toBeInTheDocument();
    expect(within(dialog).getByText(/Zoom does not document this form of link/)).toBeInTheDocument();
    expect(within(dialog).getByText(/personal link always works/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole("button", { name: "Hide" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(document.body.textContent).not.toContain("zak=");
    expect(document.querySelector("textarea")).toBeNull();

    // Copy makes a fresh link and puts it on the clipboard without showing it.
    await user.click(within(adaRow).getByRole("button", { name: "Copy the authenticated link of Ada Lovelace" }));
    await waitFor(() => expect(state.clipboard).toMatch(/&zak=zak-A1-2$/));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.body.textContent).not.toContain("zak=");
    expect(app.backend.callsOf("authenticatedLink")).toEqual([["1", "A1"], ["1", "A1"]]);
    // The personal registration link stays next to it.
    expect(within(adaRow).getByRole("button", { name: "Copy link of Ada Lovelace" })).toBeInTheDocument();
  });

  it("shows the strangers before closing the door, then runs the job", async () => {
    const { app, state, meeting, user } = await withMeeting();
    state.strangers.set(meeting.id, [
      { registrationId: "r1", name: "Eve Outsider", email: "eve@example.net", registeredAt: "2030-01-09T08:00:00Z" },
      { registrationId: "r2", name: "Mallory", email: "mallory@example.net", registeredAt: null },
    ]);
    renderWith(InviteesTab, app, { meetingRef: "1", timezone: "Europe/Berlin" });
    await user.click(await screen.findByRole("button", { name: "Close the door…" }));

    const dialog = await screen.findByRole("dialog", { name: "Close the door" });
    const list = await within(dialog).findByRole("list", { name: "Waiting for approval" });
    expect(list).toHaveTextContent("Eve Outsider eve@example.net · 2030-01-09 09:00 (Europe/Berlin)");
    expect(list).toHaveTextContent("Mallory");
    expect(app.backend.callsOf("closeDoorStart")).toHaveLength(0);

    await user.click(within(dialog).getByRole("button", { name: "Turn away 2 people" }));
    await waitFor(() => expect(screen.getByTestId("invitees-job")).toBeInTheDocument());
    expect(app.backend.callsOf("closeDoorStart")).toEqual([["1"]]);
    finishJob(app.backend, app.backend.jobs[0].id);
    await waitFor(() => expect(state.strangers.get(meeting.id)).toEqual([]));
  });

  it("uninvites the selected people after naming what changes in Zoom", async () => {
    const people = generatePeople(5);
    const { app, state, meeting, user } = await withMeeting(people);
    invite(state, meeting, people);
    renderWith(InviteesTab, app, { meetingRef: "1", timezone: "Europe/Berlin" });
    await waitFor(() => expect(rows()).toHaveLength(5));
    const row = (p: (typeof people)[number]) => rows().find((r) => r.dataset.externalId === p.externalId)!;
    await user.click(within(row(people[0])).getByRole("checkbox"));
    await user.click(within(row(people[1])).getByRole("checkbox"));
    await user.click(screen.getByRole("button", { name: "Uninvite 2…" }));
    const dialog = await screen.findByRole("dialog", { name: "Uninvite 2 people?" });
    expect(dialog).toHaveTextContent("This cancels their registrations in Zoom: their personal links stop working at once");
    await user.click(within(dialog).getByRole("button", { name: "Uninvite 2 people" }));
    expect(app.backend.callsOf("uninviteStart")[0]).toEqual(["1", { people: [people[0].externalId, people[1].externalId] }]);
  });

  it("exports the links as CSV or JSON to the file picked in the save dialog", async () => {
    const people = generatePeople(4);
    const { app, state, meeting, user } = await withMeeting(people);
    invite(state, meeting, people);
    renderWith(InviteesTab, app, { meetingRef: "1", timezone: "Europe/Berlin" });
    await waitFor(() => expect(rows()).toHaveLength(4));

    await user.click(screen.getByRole("button", { name: "Export links…" }));
    expect(await screen.findByText("Exported the links of 4 people to /home/admin/links.csv.")).toBeInTheDocument();
    const csv = state.written.get("/home/admin/links.csv")!.split("\n");
    expect(csv[0]).toBe("external_id,name,email,join_link,phone_pin,status");
    expect(csv).toHaveLength(5);

    await user.selectOptions(screen.getByLabelText("Export format"), "json");
    await user.click(screen.getByRole("button", { name: "Export links…" }));
    expect(await screen.findByText("Exported the links of 4 people to /home/admin/links.json.")).toBeInTheDocument();
    expect(app.backend.callsOf("linksExport").at(-1)).toEqual(["1", "json", false, "/home/admin/links.json"]);

    state.nextLinksPath = null;
    await user.click(screen.getByRole("button", { name: "Export links…" }));
    expect(app.backend.callsOf("linksExport")).toHaveLength(2);
  });

  it("finds invitees by search and status, sorts by a column, and select all takes only those shown", async () => {
    const people = generatePeople(12);
    people[3].email = "broken@example.invalid";
    const { app, state, meeting, user } = await withMeeting(people);
    invite(state, meeting, people);
    renderWith(InviteesTab, app, { meetingRef: "1", timezone: "Europe/Berlin" });
    await screen.findByRole("table", { name: "Invitees" });
    expect(rows()).toHaveLength(12);

    // Sorted by name, A to Z, until a header says otherwise.
    const names = () => rows().map((r) => r.querySelector(".name")?.textContent ?? "");
    const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
    expect(names()).toEqual([...names()].sort(collator.compare));
    expect(screen.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "ascending");
    await user.click(screen.getByRole("button", { name: /^Name/ }));
    expect(screen.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");
    expect(names()).toEqual([...names()].sort(collator.compare).reverse());

    // Sorting by status puts the failure first.
    await user.click(screen.getByRole("button", { name: /^Status/ }));
    expect(rows()[0]).toHaveAttribute("data-status", "failed");

    // The status filter offers what is there, with counts; the summary says how many are shown.
    const status = screen.getByRole("combobox", { name: "Show invitees with status" });
    expect(within(status).getAllByRole("option").map((o) => o.textContent)).toEqual(["Every status", "Registered (11)", "Failed (1)"]);
    await user.selectOptions(status, "failed");
    expect(rows()).toHaveLength(1);
    expect(screen.getByText(/12 invitations: 11 registered, 1 failed; showing 1/)).toBeInTheDocument();
    await user.selectOptions(status, "");

    // Search by part of an email, in any case.
    const target = people[7];
    await user.type(screen.getByRole("searchbox", { name: /Search invitees/ }), target.email.toUpperCase());
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toHaveAttribute("data-external-id", target.externalId);

    // Select all selects the one shown, not all twelve.
    await user.click(screen.getByRole("checkbox", { name: "Select all 1 invitees shown" }));
    expect(screen.getByRole("button", { name: "Uninvite 1…" })).toBeEnabled();

    // Nothing matches: say so and offer the way back.
    await user.clear(screen.getByRole("searchbox", { name: /Search invitees/ }));
    await user.type(screen.getByRole("searchbox", { name: /Search invitees/ }), "nobody-has-this");
    expect(await screen.findByText('No invitee matches "nobody-has-this".')).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Show every invitee" }));
    expect(rows()).toHaveLength(12);
  });

  it("shows which occurrence each invitation is for, in the meeting's zone, when people register per occurrence", async () => {
    const people = generatePeople(4);
    const { app, state } = await withMeeting(people);
    const series = state.add({
      topic: "Weekly choir",
      kind: "recurring",
      registration: "eachOccurrence",
      timezone: "Europe/Berlin",
      occurrences: [
        { occurrenceId: "1700", startTime: "2026-12-01T15:00:00Z", startLocal: "2026-12-01 16:00", durationMinutes: 60, status: "available" },
        { occurrenceId: "1600", startTime: "2026-12-08T15:00:00Z", startLocal: "2026-12-08 16:00", durationMinutes: 60, status: "available" },
      ],
    });
    for (const [n, p] of people.entries()) {
      const i = state.invite(series, p);
      i.occurrenceId = n % 2 === 0 ? "1600" : "1700";
      state.register(series, i);
    }
    state.recount(series);
    const user = userEvent.setup();
    renderWith(InviteesTab, app, { meetingRef: String(series.id), timezone: "Europe/Berlin" });
    await screen.findByRole("table", { name: "Invitees" });

    await user.click(screen.getByRole("button", { name: /^Occurrence/ }));
    const cells = screen.getAllByTestId("invitee-occurrence").map((c) => c.textContent?.trim());
    expect(cells).toEqual(["2026-12-01 16:00", "2026-12-01 16:00", "2026-12-08 16:00", "2026-12-08 16:00"]);
  });
});
