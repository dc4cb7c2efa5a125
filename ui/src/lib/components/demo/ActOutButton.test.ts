import { screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderWith, setup } from "$lib/testing/render";
import ActOutButton from "./ActOutButton.svelte";

describe("ActOutButton", () => {
  it("is offered in demo mode, with a sentence saying what it does", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(ActOutButton, app, { meetingRef: "3" });

    const button = screen.getByRole("button", { name: "Act out this meeting" });
    expect(button).toHaveAttribute("id", "act-out");
    expect(button).toHaveAccessibleDescription(/simulated Zoom/);
    // It sits right under the meeting's h1: an h2, so no heading level is skipped.
    expect(screen.getByRole("heading", { level: 2, name: "Act out this meeting" })).toBeInTheDocument();
  });

  it("stays compact: one line with the button, the session's counts and story folded away", async () => {
    const app = await setup({ mode: "demo" });
    let acted = 0;
    renderWith(ActOutButton, app, { meetingRef: "3", onacted: () => (acted += 1) });
    // The heading names the panel for assistive technology without taking a line.
    expect(screen.getByRole("heading", { level: 2, name: "Act out this meeting" })).toHaveClass("visually-hidden");

    await userEvent.click(screen.getByRole("button", { name: "Act out this meeting" }));
    const summary = await screen.findByText(/was held in the simulated Zoom/);
    expect(summary).toHaveTextContent(/sync its attendance/);
    const details = screen.getByTestId("act-out-details");
    expect(details.tagName).toBe("DETAILS");
    expect(details).not.toHaveAttribute("open");
    expect(details.querySelector(".tallies")).not.toBeNull();
    expect(details).toHaveTextContent(/waited 8 minutes in the waiting room/);
    expect(details.querySelector("summary")).toHaveTextContent(/4 late, 3 did not come, 2 uninvited guests/);
    // The meeting may have been moved to have just happened: the page reloads it.
    expect(acted).toBe(1);
  });

  it("is not there outside demo mode", async () => {
    const app = await setup({ mode: "connected" });
    renderWith(ActOutButton, app, { meetingRef: "3" });

    expect(screen.queryByRole("button", { name: /Act out/ })).not.toBeInTheDocument();
    expect(document.getElementById("act-out")).toBeNull();
  });

  it("acts out the meeting it is given and shows who did what", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(ActOutButton, app, { meetingRef: "3" });

    await userEvent.click(screen.getByRole("button", { name: "Act out this meeting" }));

    expect(app.backend.callsOf("demoActOut")).toEqual([["3"]]);
    await screen.findByText(/was held in the simulated Zoom/);
    const summary = document.getElementById("act-out-summary") as HTMLElement;
    expect(summary).toHaveTextContent("Meeting 3");
    expect(summary).toHaveTextContent(/Late\s*4/);
    expect(summary).toHaveTextContent(/Did not come\s*3/);
    expect(summary).toHaveTextContent(/Uninvited guests\s*2/);
    expect(summary).toHaveTextContent(/waited 8 minutes in the waiting room/);
    expect(summary).toHaveTextContent(/sync its attendance/);
    expect(screen.getByRole("button", { name: "Act out again" })).toBeEnabled();
  });

  it("says plainly why it could not act the meeting out", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.failNext("demoActOut", {
      code: "Validation",
      message: "Nobody holds a working invitation to this meeting yet. Invite people, then act it out.",
      detail: null,
    });
    renderWith(ActOutButton, app, { meetingRef: "5" });

    await userEvent.click(screen.getByRole("button", { name: "Act out this meeting" }));

    expect(await screen.findByText(/Nobody holds a working invitation/)).toBeInTheDocument();
    expect(document.getElementById("act-out-summary")).toBeNull();
    expect(screen.getByRole("button", { name: "Act out this meeting" })).toBeEnabled();
  });

  it("tells the session's times in the meeting's zone, with the zone named", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(ActOutButton, app, { meetingRef: "3", timezone: "Europe/Berlin" });

    await userEvent.click(screen.getByRole("button", { name: "Act out this meeting" }));

    // The fake session runs 10:00–10:50 UTC: 11:00–11:50 in Berlin in December.
    const summary = await screen.findByText(/was held in the simulated Zoom/);
    expect(summary).toHaveTextContent("from 2026-12-01 11:00 to 2026-12-01 11:50 (Europe/Berlin)");
  });
});
