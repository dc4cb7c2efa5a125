import { describe, expect, it } from "vitest";
import { FAKE_SWITCHES, fakeMeeting } from "./ipc/fake-meetings";
import {
  emptyForm,
  filterCounts,
  filterMeetings,
  formOf,
  inZone,
  statusText,
  toInput,
  validateForm,
  viewInvitations,
  type MeetingForm,
} from "./meetings";
import type { Invitation } from "./ipc/backend";

const ZONES = ["UTC", "Europe/Berlin", "America/New_York"];

function filled(overrides: Partial<MeetingForm> = {}): MeetingForm {
  return {
    ...emptyForm(FAKE_SWITCHES, "Europe/Berlin"),
    topic: "Board meeting",
    hostEmail: "host@example.org",
    start: "2030-01-15T15:00",
    ...overrides,
  };
}

describe("the meeting form's checks", () => {
  it("names every missing field of an empty form, in words that say what to do", () => {
    const errors = validateForm(emptyForm(FAKE_SWITCHES, "Europe/Berlin"), ZONES);
    expect(errors).toEqual({
      topic: "Give the meeting a topic.",
      hostEmail: "Choose the host: one of the account's licensed users.",
      start: "Enter the date and time the meeting starts.",
    });
  });

  it("accepts a complete single meeting and sends it as the backend wants it", () => {
    const form = filled();
    expect(validateForm(form, ZONES)).toEqual({});
    expect(toInput(form)).toEqual({
      topic: "Board meeting",
      start: "2030-01-15T15:00",
      timezone: "Europe/Berlin",
      durationMinutes: 60,
      hostEmail: "host@example.org",
      recurrence: null,
      registration: null,
      settings: {
        inviteOnly: true,
        confirmationEmail: false,
        emailNotifications: false,
        waitingRoom: true,
        passcode: true,
        joinBeforeHost: false,
        allowMultipleDevices: false,
        alternativeHosts: [],
      },
      agenda: null,
    });
  });

  it("refuses a zone it does not know and durations outside 1–1440 minutes", () => {
    expect(validateForm(filled({ timezone: "Mars/Olympus" }), ZONES).timezone).toBe("Choose the meeting's time zone.");
    expect(validateForm(filled({ durationMinutes: 0 }), ZONES).durationMinutes).toMatch(/from 1 to 1440/);
    expect(validateForm(filled({ durationMinutes: 1441 }), ZONES).durationMinutes).toMatch(/from 1 to 1440/);
    expect(validateForm(filled({ durationMinutes: 90 }), ZONES)).toEqual({});
  });

  it("checks a series: weekdays, Zoom's 1–60 occurrences and an end date after the start", () => {
    const weekly = filled({ recurring: true, repeat: "weekly", weekdays: [] });
    expect(validateForm(weekly, ZONES).weekdays).toBe("Choose at least one day of the week.");
    expect(validateForm({ ...weekly, weekdays: ["tuesday"], endCount: 61 }, ZONES).endCount).toBe(
      "Zoom allows 1 to 60 occurrences.",
    );
    expect(validateForm({ ...weekly, weekdays: ["tuesday"], end: "until", endDate: "2030-01-01" }, ZONES).endDate).toBe(
      "The series must end on or after its first day.",
    );
    expect(validateForm({ ...weekly, weekdays: ["tuesday"], interval: 51 }, ZONES).interval).toBe("Repeat every 1 to 50 weeks.");
    const good = { ...weekly, weekdays: ["tuesday" as const], registration: "eachOccurrence" as const };
    expect(validateForm(good, ZONES)).toEqual({});
    expect(toInput(good)).toMatchObject({
      recurrence: { pattern: { repeat: "weekly", days: ["tuesday"] }, interval: 1, end: { end: "times", count: 10 } },
      registration: "eachOccurrence",
    });
  });

  it("starts from the invite-only preset the backend describes", () => {
    const flipped = FAKE_SWITCHES.map((s) => (s.key === "waitingRoom" ? { ...s, preset: false } : s));
    expect(emptyForm(FAKE_SWITCHES).settings.inviteOnly).toBe(true);
    expect(emptyForm(FAKE_SWITCHES).settings.waitingRoom).toBe(true);
    expect(emptyForm(flipped).settings.waitingRoom).toBe(false);
  });

  it("fills the edit form from a meeting in its own zone", () => {
    const form = formOf(
      fakeMeeting({
        kind: "recurring",
        registration: "chooseOccurrences",
        recurrence: { pattern: { repeat: "monthly", day: 3 }, interval: 2, end: { end: "until", date: "2030-12-31" } },
      }),
    );
    expect(form).toMatchObject({
      start: "2030-01-15T15:00",
      timezone: "Europe/Berlin",
      recurring: true,
      repeat: "monthly",
      monthDay: 3,
      interval: 2,
      end: "until",
      endDate: "2030-12-31",
      registration: "chooseOccurrences",
    });
  });
});

describe("the meetings list filters", () => {
  const NOW = Date.parse("2030-01-10T12:00:00Z");
  const soon = fakeMeeting({ id: 1, topic: "Soon", startTime: "2030-01-11T10:00:00Z" });
  const later = fakeMeeting({ id: 2, topic: "Later", startTime: "2030-02-01T10:00:00Z" });
  const past = fakeMeeting({ id: 3, topic: "Past", startTime: "2030-01-01T10:00:00Z" });
  const running = fakeMeeting({ id: 4, topic: "Running now", startTime: "2030-01-10T11:30:00Z", durationMinutes: 60 });
  const drifted = fakeMeeting({
    id: 5,
    topic: "Drifted",
    startTime: "2029-12-01T10:00:00Z",
    drift: { checkedAt: "2030-01-09T00:00:00Z", deletedInZoom: false, differences: [{ kind: "topic", message: "The topic is \"X\" in Zoom." }] },
  });
  const gone = fakeMeeting({ id: 6, topic: "Gone in Zoom", startTime: "2030-03-01T10:00:00Z", status: "deletedInZoom" });
  const deleted = fakeMeeting({ id: 7, topic: "Deleted here", startTime: "2030-03-01T10:00:00Z", status: "deleted" });
  const series = fakeMeeting({
    id: 8,
    topic: "Series still running",
    kind: "recurring",
    startTime: "2029-11-01T10:00:00Z",
    occurrences: [
      { occurrenceId: "a", startTime: "2029-11-01T10:00:00Z", startLocal: "", durationMinutes: 60, status: "available" },
      { occurrenceId: "b", startTime: "2030-01-20T10:00:00Z", startLocal: "", durationMinutes: 60, status: "available" },
    ],
  });
  const all = [later, past, soon, running, drifted, gone, deleted, series];
  const topics = (list: { topic: string }[]) => list.map((m) => m.topic);

  it("upcoming: not over yet (a running meeting, a series with occurrences ahead), soonest first, no deleted ones", () => {
    expect(topics(filterMeetings(all, "upcoming", NOW))).toEqual(["Series still running", "Running now", "Soon", "Later", "Gone in Zoom"]);
  });

  it("past: over, most recent first", () => {
    expect(topics(filterMeetings(all, "past", NOW))).toEqual(["Past", "Drifted"]);
  });

  it("drifted: changed or deleted in Zoom", () => {
    expect(topics(filterMeetings(all, "drifted", NOW))).toEqual(["Drifted", "Gone in Zoom"]);
    expect(filterCounts(all, NOW)).toEqual({ upcoming: 5, past: 2, drifted: 2 });
  });
});

describe("words and times", () => {
  it("keeps a failure's reason next to the status", () => {
    expect(statusText({ status: "failed", error: "Zoom refused the email address." })).toBe(
      "Failed: Zoom refused the email address.",
    );
    expect(statusText({ status: "registered", error: null })).toBe("Registered");
  });

  it("shows a UTC instant in the meeting's zone", () => {
    expect(inZone("2030-01-15T14:00:00Z", "Europe/Berlin")).toBe("2030-01-15 15:00");
    expect(inZone("2030-07-15T14:00:00Z", "America/New_York")).toBe("2030-07-15 10:00");
  });
});

describe("the invitees table's search, status filter and sort", () => {
  const invitation = (id: number, name: string, email: string, status: Invitation["status"], occurrenceId: string | null = null): Invitation => ({
    id,
    externalId: `P-${id}`,
    name,
    email,
    occurrenceId,
    status,
    registrationId: null,
    joinUrl: null,
    phonePin: null,
    error: null,
    updatedAt: null,
  });
  const list = [
    invitation(1, "Zoë Adams", "zoe@example.org", "registered", "1700"),
    invitation(2, "ada lovelace", "ada@example.org", "failed", "1600"),
    invitation(3, "Bob Stone", "bob@school.example", "pending", "1600"),
    invitation(4, "Ada Lovelace", "ada2@example.org", "registered"),
    invitation(10, "Cy Young", "cy@school.example", "cancelled", "1700"),
  ];
  const ids = (xs: Invitation[]) => xs.map((i) => i.id);
  const view = (over: Partial<Parameters<typeof viewInvitations>[1]> = {}) => ({
    search: "",
    status: "" as const,
    key: "name" as const,
    ascending: true,
    ...over,
  });

  it("sorts by name ignoring case, ties by external id, and reverses on request", () => {
    expect(ids(viewInvitations(list, view()))).toEqual([2, 4, 3, 10, 1]);
    expect(ids(viewInvitations(list, view({ ascending: false })))).toEqual([1, 10, 3, 2, 4]);
  });

  it("puts what needs the admin first when sorted by status: failed, pending, registered, denied, cancelled", () => {
    expect(ids(viewInvitations(list, view({ key: "status" })))).toEqual([2, 3, 4, 1, 10]);
  });

  it("orders occurrences by their start time, not by Zoom's id, and people without one last", () => {
    const starts = new Map([
      ["1600", "2026-12-08T15:00:00Z"],
      ["1700", "2026-12-01T15:00:00Z"],
    ]);
    expect(ids(viewInvitations(list, view({ key: "occurrence" }), starts))).toEqual([10, 1, 2, 3, 4]);
  });

  it("searches name, email and external id in any case, and filters by status", () => {
    expect(ids(viewInvitations(list, view({ search: "  SCHOOL.example " })))).toEqual([3, 10]);
    expect(ids(viewInvitations(list, view({ search: "p-10" })))).toEqual([10]);
    expect(ids(viewInvitations(list, view({ search: "lovelace", status: "registered" })))).toEqual([4]);
    expect(viewInvitations(list, view({ status: "denied" }))).toEqual([]);
  });

  it("leaves the list it was given in its order", () => {
    const before = ids(list);
    viewInvitations(list, view({ key: "email", ascending: false }));
    expect(ids(list)).toEqual(before);
  });
});
