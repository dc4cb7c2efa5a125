// How meetings and invitations are put into words on screen, the meeting form's checks, and the
// list's filters. Pure functions: the components call them and the tests pin them.
import type {
  Invitation,
  InvitationStatus,
  Meeting,
  MeetingInput,
  MeetingSettings,
  RecurrencePattern,
  RegistrationKind,
  Switch,
  Weekday,
} from "./ipc/backend";

// ---- Time zones -------------------------------------------------------------------------------

/** Every IANA zone the web view knows, with UTC first; the admin's own zone is always in it. */
export function timeZones(own = ownTimeZone()): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  const all = new Set(["UTC", own, ...zones]);
  return [...all].filter(Boolean);
}

export function ownTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** "2026-12-01 15:00" → "2026-12-01 15:00 (Europe/Berlin)": a time is never shown without its zone. */
export function withZone(local: string, timezone: string): string {
  return `${local} (${timezone})`;
}

/** A UTC instant in the given zone, "2026-12-01 15:00". */
export function inZone(utc: string, timezone: string): string {
  const date = new Date(utc);
  if (Number.isNaN(date.getTime())) return utc;
  try {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(date);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
  } catch {
    return date.toISOString().slice(0, 16).replace("T", " ");
  }
}

/** "1 h 30 min". */
export function durationLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

// ---- The list ---------------------------------------------------------------------------------

export type MeetingFilter = "upcoming" | "past" | "drifted";

/** When the meeting (or the last occurrence of a series) ends. */
export function meetingEnd(m: Meeting): number {
  const starts = [m.startTime, ...m.occurrences.map((o) => o.startTime)].map((t) => new Date(t).getTime());
  const durations = [m.durationMinutes, ...m.occurrences.map((o) => o.durationMinutes)];
  let end = 0;
  starts.forEach((start, i) => {
    end = Math.max(end, start + (durations[i] || m.durationMinutes) * 60_000);
  });
  return end;
}

/** Drifted: a refresh found Zoom and Rollcall disagree, or the meeting is gone in Zoom. */
export function isDrifted(m: Meeting): boolean {
  return m.status === "deletedInZoom" || (m.drift !== null && (m.drift.deletedInZoom || m.drift.differences.length > 0));
}

export function matchesFilter(m: Meeting, filter: MeetingFilter, now: number): boolean {
  switch (filter) {
    case "upcoming":
      return m.status !== "deleted" && meetingEnd(m) >= now;
    case "past":
      return m.status !== "deleted" && meetingEnd(m) < now;
    case "drifted":
      return m.status !== "deleted" && isDrifted(m);
  }
}

/** The meetings a chip shows: upcoming soonest first, past most recent first. */
export function filterMeetings(meetings: Meeting[], filter: MeetingFilter, now: number): Meeting[] {
  const chosen = meetings.filter((m) => matchesFilter(m, filter, now));
  const start = (m: Meeting) => new Date(m.startTime).getTime();
  return chosen.sort((a, b) => (filter === "past" ? start(b) - start(a) : start(a) - start(b)));
}

export function filterCounts(meetings: Meeting[], now: number): Record<MeetingFilter, number> {
  return {
    upcoming: meetings.filter((m) => matchesFilter(m, "upcoming", now)).length,
    past: meetings.filter((m) => matchesFilter(m, "past", now)).length,
    drifted: meetings.filter((m) => matchesFilter(m, "drifted", now)).length,
  };
}

export function kindLabel(m: Pick<Meeting, "kind" | "registration">): string {
  if (m.kind === "scheduled") return "One meeting";
  return `Recurring, ${REGISTRATION_LABELS[m.registration ?? "onceForAll"].toLowerCase()}`;
}

export const REGISTRATION_LABELS: Record<RegistrationKind, string> = {
  onceForAll: "One registration for every occurrence",
  eachOccurrence: "A registration for each occurrence",
  chooseOccurrences: "Registered for chosen occurrences",
};

export const REGISTRATION_EXPLANATIONS: Record<RegistrationKind, string> = {
  onceForAll: "Each person registers once and their link works for every occurrence.",
  eachOccurrence: "Each person is registered for every occurrence separately (their link is per occurrence).",
  chooseOccurrences: "You choose the occurrences each person is registered for when you invite them.",
};

// ---- Invitations ------------------------------------------------------------------------------

export const STATUS_LABELS: Record<InvitationStatus, string> = {
  pending: "Pending",
  registered: "Registered",
  cancelled: "Cancelled",
  denied: "Denied",
  failed: "Failed",
};

/** The status cell: "Failed: Zoom refused …" keeps the reason next to the word. */
export function statusText(i: Pick<Invitation, "status" | "error">): string {
  const label = STATUS_LABELS[i.status];
  return i.status === "failed" && i.error ? `${label}: ${i.error}` : label;
}

export type InviteeSortKey = "name" | "email" | "status" | "occurrence";

/** Status order when sorting: what needs the admin first (failures, then what Zoom has not done yet). */
const INVITATION_STATUS_ORDER: InvitationStatus[] = ["failed", "pending", "registered", "denied", "cancelled"];

const inviteeCollator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/**
 * The invitees the table shows: those matching a search (name, email or external id, any case)
 * and a status ("" = any), sorted by `key` (ties by name, then external id, so the order is
 * stable). `occurrenceStart` orders the occurrence column by time, not by Zoom's id.
 */
export function viewInvitations(
  invitations: Invitation[],
  view: { search: string; status: InvitationStatus | ""; key: InviteeSortKey; ascending: boolean },
  occurrenceStart: ReadonlyMap<string, string> = new Map(),
): Invitation[] {
  const needle = view.search.trim().toLowerCase();
  const shown = invitations.filter(
    (i) =>
      (view.status === "" || i.status === view.status) &&
      (needle === "" ||
        i.name.toLowerCase().includes(needle) ||
        i.email.toLowerCase().includes(needle) ||
        i.externalId.toLowerCase().includes(needle)),
  );
  const value = (i: Invitation): string | number => {
    switch (view.key) {
      case "name":
        return i.name;
      case "email":
        return i.email;
      case "status":
        return INVITATION_STATUS_ORDER.indexOf(i.status);
      case "occurrence": {
        const start = i.occurrenceId ? occurrenceStart.get(i.occurrenceId) : undefined;
        return start ? Date.parse(start) : Number.POSITIVE_INFINITY;
      }
    }
  };
  const sign = view.ascending ? 1 : -1;
  return shown.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const primary =
      typeof va === "number" && typeof vb === "number"
        ? Math.sign(va - vb) || 0
        : inviteeCollator.compare(String(va), String(vb));
    if (primary !== 0) return primary * sign;
    return inviteeCollator.compare(a.name, b.name) || inviteeCollator.compare(a.externalId, b.externalId);
  });
}

/** Masks a link so that none of it can be read or copied off the screen. */
export const MASKED_LINK = "•••••••• hidden ••••••••";

// ---- The meeting form -------------------------------------------------------------------------

export type RepeatKind = "daily" | "weekly" | "monthly";
export type EndKind = "times" | "until";

export type MeetingForm = {
  topic: string;
  hostEmail: string;
  /** Wall clock in `timezone`: "2026-12-01T15:00" (an `<input type="datetime-local">` value). */
  start: string;
  timezone: string;
  durationMinutes: number;
  recurring: boolean;
  repeat: RepeatKind;
  interval: number;
  weekdays: Weekday[];
  monthDay: number;
  end: EndKind;
  endCount: number;
  endDate: string;
  registration: RegistrationKind;
  settings: MeetingSettings;
  agenda: string;
};

/** The invite-only preset, as the switches from the backend say it. */
export function presetSettings(switches: Switch[]): MeetingSettings {
  const settings: MeetingSettings = {
    inviteOnly: true,
    confirmationEmail: false,
    emailNotifications: false,
    waitingRoom: true,
    passcode: true,
    joinBeforeHost: false,
    allowMultipleDevices: false,
    alternativeHosts: [],
  };
  for (const s of switches) {
    if (s.key in settings && s.key !== "alternativeHosts") {
      (settings as unknown as Record<string, boolean>)[s.key] = s.preset;
    }
  }
  return settings;
}

export function emptyForm(switches: Switch[], timezone = ownTimeZone()): MeetingForm {
  return {
    topic: "",
    hostEmail: "",
    start: "",
    timezone,
    durationMinutes: 60,
    recurring: false,
    repeat: "weekly",
    interval: 1,
    weekdays: [],
    monthDay: 1,
    end: "times",
    endCount: 10,
    endDate: "",
    registration: "onceForAll",
    settings: presetSettings(switches),
    agenda: "",
  };
}

/** The form filled from an existing meeting, for editing. */
export function formOf(m: Meeting): MeetingForm {
  const form = emptyForm([], m.timezone);
  form.topic = m.topic;
  form.hostEmail = m.hostEmail;
  form.start = m.startLocal.replace(" ", "T").slice(0, 16);
  form.durationMinutes = m.durationMinutes;
  form.settings = { ...m.settings, alternativeHosts: [...m.settings.alternativeHosts] };
  if (m.kind === "recurring" && m.recurrence) {
    form.recurring = true;
    form.registration = m.registration ?? "onceForAll";
    form.interval = m.recurrence.interval;
    const p = m.recurrence.pattern;
    form.repeat = p.repeat;
    if (p.repeat === "weekly") form.weekdays = [...p.days];
    if (p.repeat === "monthly") form.monthDay = p.day;
    const e = m.recurrence.end;
    form.end = e.end;
    if (e.end === "times") form.endCount = e.count;
    else form.endDate = e.date;
  }
  return form;
}

export type FormErrors = Partial<Record<"topic" | "hostEmail" | "start" | "timezone" | "durationMinutes" | "interval" | "weekdays" | "monthDay" | "endCount" | "endDate", string>>;

const MAX_INTERVAL: Record<RepeatKind, number> = { daily: 99, weekly: 50, monthly: 10 };

/**
 * What is wrong with the form, field by field, in words that say what to do. The backend checks
 * again (and Zoom after it); this only spares the admin a round trip for what is plainly missing.
 */
export function validateForm(form: MeetingForm, timezones: readonly string[] = timeZones()): FormErrors {
  const errors: FormErrors = {};
  if (form.topic.trim() === "") errors.topic = "Give the meeting a topic.";
  else if (form.topic.trim().length > 200) errors.topic = "Zoom allows at most 200 characters in a topic.";
  if (form.hostEmail.trim() === "") errors.hostEmail = "Choose the host: one of the account's licensed users.";
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(form.start)) errors.start = "Enter the date and time the meeting starts.";
  if (!form.timezone || !timezones.includes(form.timezone)) errors.timezone = "Choose the meeting's time zone.";
  const d = form.durationMinutes;
  if (!Number.isInteger(d) || d < 1 || d > 1440) errors.durationMinutes = "The duration is in minutes, from 1 to 1440 (24 hours).";
  if (form.recurring) {
    const max = MAX_INTERVAL[form.repeat];
    if (!Number.isInteger(form.interval) || form.interval < 1 || form.interval > max) {
      errors.interval = `Repeat every 1 to ${max} ${form.repeat === "daily" ? "days" : form.repeat === "weekly" ? "weeks" : "months"}.`;
    }
    if (form.repeat === "weekly" && form.weekdays.length === 0) errors.weekdays = "Choose at least one day of the week.";
    if (form.repeat === "monthly" && (!Number.isInteger(form.monthDay) || form.monthDay < 1 || form.monthDay > 31)) {
      errors.monthDay = "Choose a day of the month from 1 to 31.";
    }
    if (form.end === "times") {
      if (!Number.isInteger(form.endCount) || form.endCount < 1 || form.endCount > 60) {
        errors.endCount = "Zoom allows 1 to 60 occurrences.";
      }
    } else if (!/^\d{4}-\d{2}-\d{2}$/.test(form.endDate)) {
      errors.endDate = "Enter the date of the last occurrence.";
    } else if (!errors.start && form.endDate < form.start.slice(0, 10)) {
      errors.endDate = "The series must end on or after its first day.";
    }
  }
  return errors;
}

/** The form as the backend wants it (call after `validateForm` found nothing). */
export function toInput(form: MeetingForm): MeetingInput {
  let pattern: RecurrencePattern = { repeat: "daily" };
  if (form.repeat === "weekly") pattern = { repeat: "weekly", days: [...form.weekdays] };
  if (form.repeat === "monthly") pattern = { repeat: "monthly", day: form.monthDay };
  return {
    topic: form.topic.trim(),
    start: form.start.slice(0, 16),
    timezone: form.timezone,
    durationMinutes: form.durationMinutes,
    hostEmail: form.hostEmail.trim(),
    recurrence: form.recurring
      ? {
          pattern,
          interval: form.interval,
          end: form.end === "times" ? { end: "times", count: form.endCount } : { end: "until", date: form.endDate },
        }
      : null,
    registration: form.recurring ? form.registration : null,
    settings: { ...form.settings, alternativeHosts: [...form.settings.alternativeHosts] },
    agenda: form.agenda.trim() || null,
  };
}

export const WEEKDAYS: { day: Weekday; label: string }[] = [
  { day: "monday", label: "Mon" },
  { day: "tuesday", label: "Tue" },
  { day: "wednesday", label: "Wed" },
  { day: "thursday", label: "Thu" },
  { day: "friday", label: "Fri" },
  { day: "saturday", label: "Sat" },
  { day: "sunday", label: "Sun" },
];

/** Where a meeting's page is (a query parameter, so a reload in the app finds the page). */
export function meetingHref(m: Pick<Meeting, "id">, tab?: string): string {
  return `/meetings/view?meeting=${m.id}${tab ? `&tab=${tab}` : ""}`;
}
