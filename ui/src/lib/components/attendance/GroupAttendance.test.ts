import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { generatePeople } from "$lib/ipc/fake";
import { generateMeetingAttendance } from "$lib/ipc/fake-attendance";
import { renderWith, setup } from "$lib/testing/render";
import GroupAttendance from "./GroupAttendance.svelte";

describe("GroupAttendance", () => {
  it("gives each group's attendance rate over the chosen dates", async () => {
    const app = await setup({ mode: "demo", people: generatePeople(12) });
    // Three weekly instances: 2, 9 and 16 March 2026.
    app.backend.attendance.meetings = [generateMeetingAttendance(app.backend.people, { instances: 3 })];
    renderWith(GroupAttendance, app, { today: new Date("2026-03-31T12:00:00Z") });
    const rows = await screen.findAllByTestId("group-attendance-row");
    expect(rows.map((r) => r.dataset.group)).toEqual(["Board", "Choir", "Parents", "Staff", "Volunteers", "Youth"]);
    const calls = app.backend.callsOf("attendanceGroup");
    expect(calls[0]).toEqual(["Board", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00.000Z"]);

    // Board: people 5 and 11 (indexes 4, 10). Index 4: cases 4, 5, 6 (all attended);
    // index 10: cases 0, 1, 2 (all attended): 6 of 6.
    const board = rows.find((r) => r.dataset.group === "Board")!;
    expect(within(board).getByTestId("group-attendance-rate")).toHaveTextContent("100%");

    // Only the first instance (2 March): the range changes the answer.
    const user = userEvent.setup();
    const to = screen.getByLabelText("To (included)");
    await user.clear(to);
    await user.type(to, "2026-03-02");
    await waitFor(() =>
      expect(app.backend.callsOf("attendanceGroup").at(-1)).toEqual(["Youth", "2026-03-01T00:00:00Z", "2026-03-03T00:00:00.000Z"]),
    );
  });
});
