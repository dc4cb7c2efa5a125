import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { meetingsOf } from "$lib/ipc/fake-meetings";
import { renderWith, setup } from "$lib/testing/render";
import MeetingPage from "./MeetingPage.svelte";
import { MEETING_TABS } from "./tabs";

describe("MeetingPage", () => {
  it("shows the meeting's time in its own zone and builds the tab bar from MEETING_TABS", async () => {
    const app = await setup({ mode: "demo" });
    meetingsOf(app.backend).add({ topic: "Board meeting" });
    const ontab = vi.fn();
    renderWith(MeetingPage, app, { meetingRef: "1", tab: "invitees", ontab, ondeleted: () => {} });

    expect(await screen.findByRole("heading", { name: "Board meeting", level: 1 })).toBeInTheDocument();
    expect(screen.getByText(/2030-01-15 15:00 \(Europe\/Berlin\) · 1 h · Zoom meeting 81000000001/)).toBeInTheDocument();
    const tabs = screen.getAllByRole("tab");
    expect(tabs.map((t) => t.textContent?.trim())).toEqual(MEETING_TABS.map((t) => t.label));
    expect(screen.getByRole("tab", { name: "Invitees" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel", { name: "Invitees" })).toBeInTheDocument();

    const user = userEvent.setup();
    screen.getByRole("tab", { name: "Invitees" }).focus();
    await user.keyboard("{ArrowLeft}");
    expect(ontab).toHaveBeenLastCalledWith("details");
    await user.click(screen.getByRole("tab", { name: "Details" }));
    expect(ontab).toHaveBeenLastCalledWith("details");
  });

  it("says so when the meeting is not there", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(MeetingPage, app, { meetingRef: "42", ontab: () => {}, ondeleted: () => {} });
    await waitFor(() => expect(screen.getByTestId("error-notice")).toHaveTextContent("There is no meeting 42 in Rollcall"));
  });

  it("deletes after a confirmation that names what changes in Zoom", async () => {
    const app = await setup({ mode: "demo" });
    const m = meetingsOf(app.backend).add({ topic: "Board meeting", invited: 12 });
    const ondeleted = vi.fn();
    renderWith(MeetingPage, app, { meetingRef: "1", tab: "details", ontab: () => {}, ondeleted });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Delete…" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete this meeting?" });
    expect(dialog).toHaveTextContent("This deletes “Board meeting” in Zoom.");
    expect(dialog).toHaveTextContent("The personal links of the 12 invited people stop working");
    await user.click(screen.getByRole("button", { name: "Delete in Zoom" }));
    await waitFor(() => expect(ondeleted).toHaveBeenCalled());
    expect(m.status).toBe("deleted");
  });

  it("shows what a refresh found different in Zoom instead of hiding it", async () => {
    const app = await setup({ mode: "demo" });
    const m = meetingsOf(app.backend).add({ topic: "Board meeting" });
    renderWith(MeetingPage, app, { meetingRef: "1", tab: "details", ontab: () => {}, ondeleted: () => {} });
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Check with Zoom" });
    m.drift = {
      checkedAt: "2030-01-09T08:00:00Z",
      deletedInZoom: false,
      differences: [{ kind: "topic", message: 'The topic is "Board (moved)" in Zoom, "Board meeting" in Rollcall.' }],
    };
    await user.click(screen.getByRole("button", { name: "Check with Zoom" }));
    const drift = await screen.findByRole("region", { name: "Changed in Zoom" });
    expect(drift).toHaveTextContent('The topic is "Board (moved)" in Zoom, "Board meeting" in Rollcall.');
    expect(drift).toHaveTextContent("Found on 2030-01-09 09:00 (Europe/Berlin)");
    expect(screen.getByText(/The count resets at midnight UTC/)).toBeInTheDocument();
  });
});
