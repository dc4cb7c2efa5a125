import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderWith, setup } from "$lib/testing/render";
import AttendanceSettingsForm from "./AttendanceSettingsForm.svelte";

describe("AttendanceSettingsForm", () => {
  it("shows the current thresholds and saves new ones, keeping the rest", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.attendance.settings = { ...app.backend.attendance.settings, source: "dashboard" };
    renderWith(AttendanceSettingsForm, app);
    const late = await screen.findByLabelText(/Late after/);
    // The form is ready once the saved settings are in.
    await waitFor(() => expect(screen.getByRole("button", { name: "Save" })).toBeEnabled());
    expect(late).toHaveValue(5);
    const user = userEvent.setup();
    await fireEvent.input(late, { target: { value: "10" } });
    const refresh = screen.getByLabelText(/Refresh recent meetings every/);
    await fireEvent.input(refresh, { target: { value: "0" } });
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(app.backend.callsOf("attendanceSettingsSet")).toHaveLength(1));
    expect(app.backend.callsOf("attendanceSettingsSet")[0][0]).toEqual({
      lateAfterMinutes: 10,
      leftEarlyMinutes: 5,
      presentMinMinutes: 0,
      refreshMinutes: 0,
      source: "dashboard",
    });
    expect(await screen.findByText(/Saved\./)).toBeInTheDocument();
  });

  it("refuses minutes outside a day before asking the backend", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(AttendanceSettingsForm, app);
    const early = await screen.findByLabelText(/Left early/);
    await waitFor(() => expect(screen.getByRole("button", { name: "Save" })).toBeEnabled());
    await fireEvent.input(early, { target: { value: "2000" } });
    expect(screen.getByText("At most 1440 minutes.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();
    expect(app.backend.callsOf("attendanceSettingsSet")).toHaveLength(0);
  });

  it("refreshes recent meetings on demand, once at a time", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(AttendanceSettingsForm, app);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Refresh recent meetings now" }));
    expect(await screen.findByText(/Started: Attendance of recent meetings\./)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Refresh recent meetings now" }));
    expect(await screen.findByText(/a refresh is already running/)).toBeInTheDocument();
    expect(app.backend.callsOf("attendanceSyncRecent")).toHaveLength(2);
  });
});
