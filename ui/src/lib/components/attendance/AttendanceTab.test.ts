import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { generatePeople } from "$lib/ipc/fake";
import { generateMeetingAttendance } from "$lib/ipc/fake-attendance";
import { renderWith, setup } from "$lib/testing/render";
import AttendanceTab from "./AttendanceTab.svelte";

async function withMeeting(people = 12, instances = 3) {
  const app = await setup({ mode: "demo", people: generatePeople(people) });
  app.backend.attendance.meetings = [generateMeetingAttendance(app.backend.people, { instances })];
  renderWith(AttendanceTab, app, { meetingRef: "1", timezone: "Europe/Berlin" });
  return app;
}

const rows = () => screen.queryAllByTestId("attendance-row");
const row = (externalId: string) => rows().find((r) => r.dataset.externalId === externalId)!;

describe("AttendanceTab", () => {
  it("shows the latest instance: each person's status, times in the meeting's zone, total and method", async () => {
    await withMeeting();
    await waitFor(() => expect(rows()).toHaveLength(15));
    // The latest of three instances (n = 2): person i has case (i + 2) % 10.
    expect(row("P00001")).toHaveAttribute("data-status", "present"); // case 2
    expect(row("P00002")).toHaveAttribute("data-status", "present"); // case 3: a rejoin
    expect(row("P00005")).toHaveAttribute("data-status", "late"); // case 6
    expect(row("P00006")).toHaveAttribute("data-status", "leftEarly"); // case 7
    expect(row("P00007")).toHaveAttribute("data-status", "absent"); // case 8
    expect(row("P00008")).toHaveAttribute("data-status", "uninvited"); // case 9

    // Late: joined 12 minutes after 09:00 UTC, shown in Berlin time (CET, UTC+1) in March.
    const late = within(row("P00005"));
    expect(late.getByText("Late")).toBeInTheDocument();
    expect(late.getByText("10:12")).toBeInTheDocument();
    expect(late.getByText("48 min")).toBeInTheDocument();
    expect(late.getByText("Registration link")).toBeInTheDocument();
    // The rejoin: two stays, 22 + 37 minutes, two joins.
    expect(within(row("P00002")).getByText("59 min")).toBeInTheDocument();
    expect(within(row("P00002")).getAllByRole("cell")[5]).toHaveTextContent("2");
    // Absent: no times.
    expect(within(row("P00007")).getAllByText("—").length).toBeGreaterThanOrEqual(2);
    expect(screen.getByText(/Times in Europe\/Berlin/)).toBeInTheDocument();
    expect(screen.getByTestId("attendance-count-absent")).toHaveTextContent("1");
    expect(document.getElementById("attendance-unidentified")).toHaveTextContent("4 Zoom rows nobody could be tied to");
    // Everyone Zoom reported is listed: the three aliases nobody is tied to, as unidentified.
    const unidentified = rows().filter((r) => r.dataset.status === "unidentified");
    expect(unidentified.map((r) => within(r).getAllByRole("cell")[0].textContent?.trim()).sort()).toEqual([
      "Jon Smyth",
      "Name hidden by Zoom",
      "Visiting speaker",
    ]);
    expect(screen.getByTestId("attendance-count-unidentified")).toHaveTextContent("3");
  });

  it("sorts by total time both ways and by status, filters by status and searches", async () => {
    await withMeeting();
    await waitFor(() => expect(rows()).toHaveLength(15));
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: /Total time/ }));
    expect(rows()[0]).toHaveAttribute("data-status", "absent");
    expect(within(rows()[0]).getByTestId("attendance-total")).toHaveTextContent("0 min");
    expect(screen.getByRole("columnheader", { name: /Total time/ })).toHaveAttribute("aria-sort", "ascending");
    await user.click(screen.getByRole("button", { name: /Total time/ }));
    expect(rows()[0]).not.toHaveAttribute("data-status", "absent");
    expect(rows().at(-1)).toHaveAttribute("data-status", "absent");
    const totals = rows().map((r) => within(r).getByTestId("attendance-total").textContent);
    expect(totals[0]).toBe("1 h 01 min");

    await user.click(screen.getByRole("button", { name: /^Status/ }));
    const statuses = rows().map((r) => r.dataset.status);
    expect(statuses.indexOf("absent")).toBeGreaterThan(statuses.lastIndexOf("leftEarly"));
    expect(statuses.indexOf("uninvited")).toBeGreaterThan(statuses.lastIndexOf("absent"));
    expect(statuses.indexOf("unidentified")).toBeGreaterThan(statuses.lastIndexOf("uninvited"));

    await user.click(screen.getByTestId("attendance-count-late"));
    await waitFor(() => expect(rows().every((r) => r.dataset.status === "late")).toBe(true));
    expect(rows()).toHaveLength(1);
    await user.click(screen.getByTestId("attendance-count-late"));

    await user.type(screen.getByRole("searchbox", { name: "Search attendance" }), "P00007");
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toHaveAttribute("data-external-id", "P00007");
    await user.clear(screen.getByRole("searchbox", { name: "Search attendance" }));
    await user.selectOptions(screen.getByLabelText("Status"), "absent");
    await waitFor(() => expect(rows()).toHaveLength(1));
  });

  it("picks another instance, and says an instance that is not ready yet will be retried", async () => {
    const app = await withMeeting(12, 3);
    app.backend.attendance.meetings[0].views[1].instance.state = "notReady";
    app.backend.attendance.meetings[0].views[1].instance.retryAt = "2026-03-09T10:20:00Z";
    await waitFor(() => expect(rows()).toHaveLength(15));
    const picker = screen.getByLabelText("Meeting date") as HTMLSelectElement;
    expect(within(picker).getAllByRole("option")).toHaveLength(3);
    expect(within(picker).getAllByRole("option")[1]).toHaveTextContent("not ready yet; Rollcall will try again at 11:20");

    await userEvent.setup().selectOptions(picker, "uuid-1-1==");
    await waitFor(() => expect(app.backend.callsOf("attendanceInstance").at(-1)).toEqual(["1", "uuid-1-1=="]));
    // First instance (n = 0): person 7 (index 6) was late.
    await waitFor(() => expect(row("P00007")).toHaveAttribute("data-status", "late"));

    await fireEvent.change(picker, { target: { value: "uuid-1-2==" } });
    expect(await screen.findByRole("heading", { name: /report is not ready yet; Rollcall will try again at 11:20/ })).toBeInTheDocument();
    expect(document.getElementById("attendance-not-ready")).toHaveTextContent("Nobody is marked absent meanwhile.");
    expect(rows()).toHaveLength(0);
  });

  it("syncs as a job, shows its progress, and reloads when it is done", async () => {
    const app = await withMeeting();
    await waitFor(() => expect(rows()).toHaveLength(15));
    await userEvent.setup().click(screen.getByRole("button", { name: "Sync from Zoom" }));
    expect(app.backend.callsOf("attendanceSyncStart")).toEqual([["1", false]]);
    const job = app.backend.jobs[0];
    expect(await screen.findByRole("button", { name: "Syncing…" })).toBeDisabled();
    const base = { jobId: job.id, kind: job.kind, title: job.title, total: 2, failed: 0, ratePerMinute: null, secondsLeft: null, pauseReason: null };
    app.backend.emitJobProgress({ ...base, state: "running", done: 1 });
    await waitFor(() => expect(document.getElementById("attendance-sync-state")).toHaveTextContent("1 of 2 instances"));
    expect(document.getElementById("attendance-sync-progress")).toHaveAttribute("value", "1");
    const before = app.backend.callsOf("attendanceInstances").length;
    app.backend.emitJobProgress({ ...base, state: "completed", done: 2 });
    await waitFor(() => expect(app.backend.callsOf("attendanceInstances").length).toBe(before + 1));
    expect(await screen.findByText("Attendance is up to date.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sync from Zoom" })).toBeEnabled();
  });

  it("does not stay on Syncing… when the sync ends before the start's answer arrives", async () => {
    const app = await withMeeting();
    await waitFor(() => expect(rows()).toHaveLength(15));
    // The runner reports a quick job's end before the command's answer reaches the page.
    const start = app.backend.attendanceSyncStart;
    app.backend.attendanceSyncStart = async (meeting, force) => {
      const job = await start(meeting, force);
      app.backend.emitJobProgress({
        jobId: job.id,
        kind: job.kind,
        title: job.title,
        state: "completed",
        done: job.total,
        failed: 0,
        total: job.total,
        ratePerMinute: null,
        secondsLeft: null,
        pauseReason: null,
      });
      return job;
    };
    await userEvent.setup().click(screen.getByRole("button", { name: "Sync from Zoom" }));
    expect(await screen.findByText("Attendance is up to date.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sync from Zoom" })).toBeEnabled();
    expect(document.querySelector('[data-testid="attendance-job"]')).toHaveAttribute("data-state", "completed");
  });

  it("exports CSV and XLSX to the file the admin picks, and nothing when they cancel", async () => {
    const app = await withMeeting();
    await waitFor(() => expect(rows()).toHaveLength(15));
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(app.backend.attendance.exports).toHaveLength(1));
    expect(app.backend.attendance.exports[0]).toEqual({
      meeting: "1",
      format: "csv",
      path: "/home/admin/attendance/Weekly choir practice attendance.csv",
    });
    await user.click(screen.getByRole("button", { name: "Export XLSX" }));
    await waitFor(() => expect(app.backend.attendance.exports).toHaveLength(2));
    expect(app.backend.attendance.exports[1].format).toBe("xlsx");
    expect(await screen.findByText(/Exported every instance's attendance/)).toBeInTheDocument();

    app.backend.attendance.nextExportPath = null;
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(app.backend.callsOf("chooseAttendanceExportFile")).toHaveLength(3));
    expect(app.backend.attendance.exports).toHaveLength(2);
  });

  it("invites a sync when there is no attendance yet, and shows errors in plain words", async () => {
    const app = await setup({ mode: "demo", people: generatePeople(3) });
    app.backend.attendance.meetings = [{ ...generateMeetingAttendance(app.backend.people), views: [] }];
    app.backend.failNext("attendanceSyncStart", { code: "ZoomPlanRequired", message: "Attendance reports need a paid Zoom plan.", detail: "code 200" });
    renderWith(AttendanceTab, app, { meetingRef: "81234567890", timezone: "UTC" });
    expect(await screen.findByRole("heading", { name: "No attendance yet" })).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: "Sync from Zoom" }));
    expect(await screen.findByText("Attendance reports need a paid Zoom plan.")).toBeInTheDocument();
  });

  it("draws the timeline of the same people on demand", async () => {
    await withMeeting();
    await waitFor(() => expect(rows()).toHaveLength(15));
    await userEvent.setup().click(screen.getByRole("button", { name: "Timeline" }));
    const timeline = await screen.findByTestId("attendance-timeline");
    expect(within(timeline).getAllByTestId("timeline-row")).toHaveLength(15);
  });
});
