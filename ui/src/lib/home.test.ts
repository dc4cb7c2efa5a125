import { describe, expect, it } from "vitest";
import { actionHref, withZone } from "./home";

describe("Home's actions", () => {
  it("open the page that fixes each warning", () => {
    expect(actionHref({ page: "meeting", meetingId: 3, section: "details" })).toBe("/meetings/view?meeting=3&tab=details");
    expect(actionHref({ page: "meeting", meetingId: 3, section: "invitees" })).toBe("/meetings/view?meeting=3&tab=invitees");
    expect(actionHref({ page: "meeting", meetingId: 3, section: "attendance" })).toBe("/meetings/view?meeting=3&tab=attendance");
    expect(actionHref({ page: "meeting", meetingId: 3, section: "review" })).toBe("/meetings/view?meeting=3&tab=review");
    expect(actionHref({ page: "meetings" })).toBe("/meetings");
    expect(actionHref({ page: "peopleFailed" })).toBe("/people?provisioning=failed");
    expect(actionHref({ page: "jobs" })).toBe("/jobs");
  });

  it("name the zone next to a meeting's local time", () => {
    expect(withZone("2026-12-01 15:00", "America/New_York")).toBe("2026-12-01 15:00 (America/New York)");
  });
});
