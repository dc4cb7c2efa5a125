import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { FAKE_SWITCHES, meetingsOf } from "$lib/ipc/fake-meetings";
import { renderWith, setup } from "$lib/testing/render";
import MeetingForm from "./MeetingForm.svelte";

async function form() {
  const app = await setup({ mode: "demo" });
  const onsaved = vi.fn();
  renderWith(MeetingForm, app, { onsaved, oncancel: () => {} });
  await waitFor(() => expect(screen.getByLabelText(/Invite only/)).toBeInTheDocument());
  return { app, onsaved, user: userEvent.setup() };
}

describe("New meeting", () => {
  it("has the invite-only switches ON by default, each with its one plain sentence", async () => {
    await form();
    for (const s of FAKE_SWITCHES) {
      const box = screen.getByRole("checkbox", { name: new RegExp(s.label) });
      expect(box).toHaveProperty("checked", s.preset);
      expect(box).toHaveAccessibleDescription(s.explanation);
    }
  });

  it("marks a switch turned away from the preset, with a space before the note", async () => {
    const { user } = await form();
    const box = screen.getByRole("checkbox", { name: /Invite only/ });
    await user.click(box);
    // Svelte drops plain whitespace at the start of an element: the space is written &#32;.
    expect(box.closest("label")?.querySelector("strong")?.parentElement?.textContent).toMatch(
      /^Invite only \(differs from the invite-only preset\)/,
    );
  });

  it("offers only the account's licensed users as hosts and shows the zone next to the start", async () => {
    await form();
    const host = screen.getByLabelText("Host") as HTMLSelectElement;
    expect([...host.options].map((o) => o.value)).toEqual(["", "host@example.org", "owner@example.org"]);
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText("Time zone"), "America/New_York");
    expect(screen.getByLabelText("Starts (America/New_York)")).toBeInTheDocument();
  });

  it("names what is missing instead of sending an empty form", async () => {
    const { app, user } = await form();
    await user.click(screen.getByRole("button", { name: "Create meeting in Zoom" }));
    expect(screen.getByText("Give the meeting a topic.")).toBeInTheDocument();
    expect(screen.getByText("Choose the host: one of the account's licensed users.")).toBeInTheDocument();
    expect(screen.getByText("Enter the date and time the meeting starts.")).toBeInTheDocument();
    expect(screen.getByLabelText("Topic")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Topic")).toHaveFocus();
    expect(app.backend.callsOf("meetingCreate")).toHaveLength(0);

    await user.type(screen.getByLabelText("Topic"), "Board");
    await waitFor(() => expect(screen.queryByText("Give the meeting a topic.")).toBeNull());
  });

  it("creates a weekly series with the chosen registration and the preset switches", async () => {
    const { app, onsaved, user } = await form();
    await user.type(screen.getByLabelText("Topic"), "Choir practice");
    await user.selectOptions(screen.getByLabelText("Host"), "host@example.org");
    await user.selectOptions(screen.getByLabelText("Time zone"), "Europe/Berlin");
    await user.type(screen.getByLabelText(/^Starts/), "2030-01-15T19:00");
    await user.click(screen.getByRole("radio", { name: "A series at fixed times" }));
    await user.click(screen.getByRole("checkbox", { name: "Tue" }));
    await user.click(screen.getByRole("radio", { name: /A registration for each occurrence/ }));
    await user.click(screen.getByRole("button", { name: "Create meeting in Zoom" }));

    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    const [input] = app.backend.callsOf("meetingCreate")[0] as [Record<string, unknown>];
    expect(input).toMatchObject({
      topic: "Choir practice",
      hostEmail: "host@example.org",
      timezone: "Europe/Berlin",
      start: "2030-01-15T19:00",
      registration: "eachOccurrence",
      recurrence: { pattern: { repeat: "weekly", days: ["tuesday"] } },
      settings: { inviteOnly: true, waitingRoom: true, passcode: true, allowMultipleDevices: false },
    });
    expect(meetingsOf(app.backend).meetings[0].topic).toBe("Choir practice");
  });

  it("shows Zoom's refusal as a plain error with the reason, and keeps what was typed", async () => {
    const { app, onsaved, user } = await form();
    app.backend.failNext("meetingCreate", {
      code: "ZoomRateLimited",
      message:
        "host@example.org has reached Zoom's limit of 100 meeting creates and updates for today. It resets at 2030-01-16 00:00 UTC; try again then, or choose another host.",
      detail: "POST /users/host@example.org/meetings: 429 (code 429)",
    });
    await user.type(screen.getByLabelText("Topic"), "Board");
    await user.selectOptions(screen.getByLabelText("Host"), "host@example.org");
    await user.type(screen.getByLabelText(/^Starts/), "2030-01-15T19:00");
    await user.click(screen.getByRole("button", { name: "Create meeting in Zoom" }));

    const notice = await screen.findByTestId("error-notice");
    expect(notice).toHaveTextContent("It resets at 2030-01-16 00:00 UTC");
    expect(within(notice).getByText("Technical details")).toBeInTheDocument();
    expect(onsaved).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Topic")).toHaveValue("Board");
  });
});
