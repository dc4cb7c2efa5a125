import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { generatePeople } from "$lib/ipc/fake";
import { generateMeetingAttendance } from "$lib/ipc/fake-attendance";
import { renderWith, setup } from "$lib/testing/render";
import ReviewTab from "./ReviewTab.svelte";

async function withQueue() {
  const app = await setup({ mode: "demo", people: generatePeople(30) });
  app.backend.attendance.meetings = [generateMeetingAttendance(app.backend.people, { instances: 3 })];
  renderWith(ReviewTab, app, { meetingRef: "1", timezone: "UTC" });
  await waitFor(() => expect(entries()).toHaveLength(5));
  return app;
}

const entries = () => screen.queryAllByTestId("review-row");
const entry = (key: string) => entries().find((e) => e.dataset.key === key)!;

describe("ReviewTab", () => {
  it("shows what Zoom gave for each alias, masked values as masked", async () => {
    await withQueue();
    // Grouped across the three instances: one name, one email, three fully masked rows.
    const jon = within(entry("name:jon smyth"));
    expect(jon.getByRole("heading", { name: "Jon Smyth" })).toBeInTheDocument();
    expect(jon.getByText(/3 rows in 3 instances/)).toBeInTheDocument();
    expect(jon.getAllByTestId("review-seen-row")).toHaveLength(3);
    expect(jon.getAllByTestId("masked-value").map((m) => m.textContent)).toEqual(
      Array(3).fill("****** (masked by Zoom)"),
    );

    const hidden = within(entry("row:report#0-17"));
    expect(hidden.getByRole("heading", { name: "Name hidden by Zoom" })).toBeInTheDocument();
    expect(hidden.getByText(/Nothing usable \(all masked\)/)).toBeInTheDocument();
    const masked = hidden.getAllByTestId("masked-value").map((m) => m.textContent);
    expect(masked).toEqual(["Name unavailable (masked by Zoom)", "(masked by Zoom)"]);

    const guest = within(entry("email:guest@outside.example"));
    expect(guest.queryAllByTestId("masked-value")).toHaveLength(0);
    expect(guest.getAllByText("guest@outside.example").length).toBeGreaterThan(0);
  });

  it("offers suggestions without choosing one, ties the alias to the chosen person at once, and undoes it", async () => {
    const app = await withQueue();
    const user = userEvent.setup();
    await user.click(within(entry("name:jon smyth")).getByRole("button", { name: "Decide…" }));
    const suggestion = screen.getByTestId("review-suggestion");
    expect(within(suggestion).getByRole("radio")).not.toBeChecked();
    expect(screen.getByRole("button", { name: "Tie to the chosen person" })).toBeDisabled();
    expect(screen.getByLabelText("This meeting series")).toBeChecked();

    await user.click(within(suggestion).getByRole("radio"));
    await user.click(screen.getByLabelText("The whole Zoom account"));
    await user.click(screen.getByRole("button", { name: "Tie to Ada Lovelace" }));

    await waitFor(() => expect(entries()).toHaveLength(4));
    expect(app.backend.callsOf("attendanceDecide")).toEqual([
      ["1", { kind: "name", value: "jon smyth" }, { target: { kind: "person", externalId: "P00001" }, applyTo: "account" }],
    ]);
    const notice = document.getElementById("review-notice")!;
    expect(notice).toHaveTextContent('Tied "Jon Smyth" to Ada Lovelace for every meeting of this Zoom account; 3 instances updated.');
    // Applied at once: Ada's line in every instance carries the decision.
    for (const view of app.backend.attendance.meetings[0].views) {
      expect(view.unidentified.some((u) => u.alias.value === "jon smyth")).toBe(false);
      expect(view.lines.find((l) => l.person.externalId === "P00001")?.matchMethod).not.toBeNull();
    }

    await user.click(screen.getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(entries()).toHaveLength(5));
    const rule = app.backend.callsOf("attendanceDecide").length;
    expect(rule).toBe(1);
    expect(app.backend.callsOf("attendanceUndo")).toHaveLength(1);
    expect(document.getElementById("review-notice")).toHaveTextContent('Undone: "Jon Smyth" is back in the review list.');
    expect(app.backend.attendance.meetings[0].views.every((v) => v.unidentified.some((u) => u.alias.value === "jon smyth"))).toBe(true);
  });

  it("finds a person by search and marks another alias as a guest for the series", async () => {
    const app = await withQueue();
    const user = userEvent.setup();
    await user.click(within(entry("row:report#1-17")).getByRole("button", { name: "Decide…" }));
    await user.type(screen.getByRole("combobox", { name: "Find a person" }), "Grace");
    const options = await screen.findAllByTestId("review-person-option");
    expect(options.length).toBeGreaterThan(0);
    await user.click(options[0]);
    expect(document.getElementById("review-chosen")).toHaveTextContent("Chosen: Grace");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(app.backend.callsOf("attendanceDecide")).toHaveLength(0);

    await user.click(within(entry("email:guest@outside.example")).getByRole("button", { name: "Decide…" }));
    await user.type(screen.getByLabelText("Guest label (optional)"), "Visiting speaker");
    await user.click(screen.getByRole("button", { name: "Mark as guest" }));
    await waitFor(() => expect(entries()).toHaveLength(4));
    expect(app.backend.callsOf("attendanceDecide")[0][2]).toEqual({
      target: { kind: "guest", label: "Visiting speaker" },
      applyTo: "series",
    });
    expect(app.backend.attendance.meetings[0].views.every((v) => v.guests.length === 1)).toBe(true);
    expect(document.getElementById("review-notice")).toHaveTextContent('to guest "Visiting speaker" for every instance of this meeting series');
  });

  it("says when there is nothing to review", async () => {
    const app = await setup({ mode: "demo", people: generatePeople(3) });
    const meeting = generateMeetingAttendance(app.backend.people);
    meeting.views[0].unidentified = [];
    app.backend.attendance.meetings = [meeting];
    renderWith(ReviewTab, app, { meetingRef: "1", timezone: "UTC" });
    expect(await screen.findByRole("heading", { name: "Nothing to review" })).toBeInTheDocument();
  });
});
