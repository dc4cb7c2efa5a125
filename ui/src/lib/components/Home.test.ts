import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Job, Warning } from "$lib/ipc/backend";
import { fakeAccount, fakePerson } from "$lib/ipc/fake";
import { fakeUpcoming } from "$lib/ipc/fake-home";
import { renderWith, setup } from "$lib/testing/render";
import Home from "./Home.svelte";

describe("Home", () => {
  it("tests the active account and says as whom Rollcall is connected", async () => {
    const app = await setup({ mode: "connected", accounts: [fakeAccount({ id: "a1", plan: "pro" })] });
    renderWith(Home, app);

    const status = await screen.findByText(/Connected to Zoom as/);
    expect(status).toHaveTextContent("Connected to Zoom as owner@example.org (Pro)");
    expect(app.backend.callsOf("accountsTest")).toEqual([["a1"]]);
  });

  it("shows the error and what to do when the test fails", async () => {
    const app = await setup({ mode: "connected", accounts: [fakeAccount({ id: "a1" })] });
    app.backend.failNext("accountsTest", {
      code: "ZoomNetwork",
      message: "Rollcall couldn't reach Zoom. Check this computer's internet connection, then try again.",
      detail: "error sending request: connection refused",
    });
    renderWith(Home, app);

    const notice = await screen.findByTestId("error-notice");
    expect(notice).toHaveTextContent("Rollcall couldn't reach Zoom.");
    expect(notice).toHaveTextContent("internet connection");
    // The backend's message is all the advice: nothing added, no button for a network error.
    expect(notice.querySelectorAll("p")).toHaveLength(1);
  });

  it("says it is a demo with simulated data", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(Home, app);

    expect(screen.getByRole("heading", { name: "This is a demo" })).toBeInTheDocument();
    expect(screen.getByText(/simulated data/)).toBeInTheDocument();
    expect(app.backend.callsOf("accountsTest")).toHaveLength(0);
  });
});

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: "j1",
    kind: "provision",
    title: "Provision 40 people in Zoom",
    state: "running",
    pauseReason: null,
    resumeAfter: null,
    total: 40,
    done: 10,
    failed: 0,
    createdAt: "2026-01-01T09:00:00Z",
    startedAt: "2026-01-01T09:00:01Z",
    finishedAt: null,
    ...overrides,
  };
}

const warning = (overrides: Partial<Warning>): Warning => ({
  kind: "meetingDrifted",
  message: "\"Board\" was changed in Zoom.",
  action: { label: "Review the changes", target: { page: "meeting", meetingId: 4, section: "details" } },
  at: null,
  count: 1,
  ...overrides,
});

describe("Home's summary", () => {
  it("says what to do next when there is nothing yet", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(Home, app);

    expect(await screen.findByText("Nothing needs your attention right now.")).toBeInTheDocument();
    const meetings = screen.getByRole("region", { name: "Upcoming meetings" });
    expect(meetings).toHaveTextContent("No meetings coming up. Create an invite-only meeting");
    expect(within(meetings).getByRole("link", { name: "Meetings page" })).toHaveAttribute("href", "/meetings");
    const jobs = screen.getByRole("region", { name: "Jobs" });
    expect(jobs).toHaveTextContent("No job is running and none failed this week.");
    expect(within(jobs).getByRole("link", { name: "People page" })).toHaveAttribute("href", "/people");
    expect(app.backend.callsOf("homeSummary")).toHaveLength(1);
  });

  it("shows each warning as a sentence with a button to the page that fixes it", async () => {
    const app = await setup({
      mode: "demo",
      people: [
        fakePerson({ externalId: "p1", zoom: { userId: null, kind: null, status: "failed", error: "Taken." } }),
        fakePerson({ externalId: "p2", zoom: { userId: null, kind: null, status: "failed", error: "Taken." } }),
        fakePerson({ externalId: "p3", active: false, zoom: { userId: null, kind: null, status: "failed", error: "x" } }),
      ],
    });
    app.backend.homeExtras.warnings = [
      warning({
        kind: "dailyLimit",
        message: "2 people of \"Board\" reached Zoom's limit of 3 registrations a day. It resets at 2026-11-30 00:00 UTC.",
        action: { label: "Open the invitees", target: { page: "meeting", meetingId: 4, section: "invitees" } },
        at: "2026-11-30T00:00:00Z",
        count: 2,
      }),
      warning({
        kind: "reviewWaiting",
        message: "3 participants of \"Choir\" were not tied to a person and wait for your review.",
        action: { label: "Review 3 participants", target: { page: "meeting", meetingId: 7, section: "review" } },
        count: 3,
      }),
      warning({}),
      warning({
        kind: "linksExpiring",
        message: "The 12 authenticated links exported for \"Gala\" expire before the meeting.",
        action: { label: "Export the links again", target: { page: "meeting", meetingId: 9, section: "invitees" } },
      }),
    ];
    renderWith(Home, app);

    const items = await screen.findAllByTestId("home-warning");
    expect(items.map((i) => i.dataset.kind)).toEqual([
      "dailyLimit",
      "reviewWaiting",
      "meetingDrifted",
      "linksExpiring",
      "provisioningFailed",
    ]);
    expect(items[0]).toHaveTextContent("Zoom's daily limit");
    expect(items[0]).toHaveTextContent("It resets at 2026-11-30 00:00 UTC.");
    // The reset in the admin's own time too, with the zone it is in.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone.replaceAll("_", " ");
    expect(items[0]).toHaveTextContent(new RegExp(`That is .+ \\(${zone}\\) here\\.`));
    const link = (name: string) => screen.getByRole("link", { name });
    expect(link("Open the invitees")).toHaveAttribute("href", "/meetings/view?meeting=4&tab=invitees");
    expect(link("Review 3 participants")).toHaveAttribute("href", "/meetings/view?meeting=7&tab=review");
    expect(link("Review the changes")).toHaveAttribute("href", "/meetings/view?meeting=4&tab=details");
    expect(link("Export the links again")).toHaveAttribute("href", "/meetings/view?meeting=9&tab=invitees");
    // Counted from the directory: the inactive person is left out.
    expect(items[4]).toHaveTextContent("2 people have no Zoom user");
    expect(link("Show these people")).toHaveAttribute("href", "/people?provisioning=failed");
    // Each button is described by its sentence, for screen readers.
    expect(link("Review the changes")).toHaveAccessibleDescription("\"Board\" was changed in Zoom.");
  });

  it("lists upcoming meetings with the time in the meeting's zone and the zone named", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.homeExtras.upcoming = [
      fakeUpcoming({ meetingId: 2, topic: "Standup", startLocal: "2026-11-29 04:30", timezone: "America/New_York", inProgress: true, invited: 1 }),
      fakeUpcoming({ meetingId: 3, topic: "Board", startLocal: "2026-12-01 15:00", timezone: "Europe/Berlin" }),
    ];
    renderWith(Home, app);

    const rows = await screen.findAllByTestId("home-meeting");
    expect(rows[0]).toHaveTextContent("In progress · 2026-11-29 04:30 (America/New York) · 60 min");
    expect(rows[0]).toHaveTextContent("1 person invited");
    expect(rows[1]).toHaveTextContent("2026-12-01 15:00 (Europe/Berlin)");
    expect(rows[1]).toHaveTextContent("12 people invited");
    expect(within(rows[1]).getByRole("link", { name: "Board" })).toHaveAttribute("href", "/meetings/view?meeting=3");
  });

  it("shows jobs running or failed with their progress, and follows their progress", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.jobs = [
      job({ id: "run", title: "Provision 40 people in Zoom" }),
      job({ id: "bad", title: "Register 30 people", state: "failed", done: 27, failed: 3, total: 30 }),
      job({ id: "ok", title: "Finished fine", state: "completed", done: 5, total: 5 }),
    ];
    renderWith(Home, app);

    const rows = await screen.findAllByTestId("home-job");
    expect(rows.map((r) => r.dataset.state)).toEqual(["running", "failed"]);
    expect(rows[0]).toHaveTextContent("Running · 10 of 40");
    expect(within(rows[0]).getByRole("progressbar", { name: "Provision 40 people in Zoom: 25%" })).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent("Finished with failures · 30 of 30 · 3 failed");
    expect(within(rows[1]).getByRole("link", { name: "See what failed" })).toHaveAttribute("href", "/jobs");

    app.backend.emitJobProgress({ ...app.backend.progressOf(app.backend.jobs[0]), done: 30 });
    await waitFor(() => expect(screen.getAllByTestId("home-job")[0]).toHaveTextContent("Running · 30 of 40"));
  });

  it("says why the summary could not load and tries again", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.failNext("homeSummary", { code: "Database", message: "Rollcall's local data could not be read.", detail: "disk I/O error" });
    renderWith(Home, app);

    expect(await screen.findByText("Rollcall's local data could not be read.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Nothing needs your attention right now.")).toBeInTheDocument();
  });
});
