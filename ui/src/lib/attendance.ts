// How attendance is put into words on screen: statuses, match methods, times in the meeting's
// time zone, durations, and Zoom's masked values.
import type {
  AliasKind,
  AttendanceInstance,
  AttendanceLine,
  AttendanceStatus,
  InstanceState,
  InvitationStatus,
  MatchMethod,
} from "./ipc/backend";

export const STATUS_LABELS: Record<AttendanceStatus, string> = {
  present: "Present",
  late: "Late",
  leftEarly: "Left early",
  absent: "Absent",
  uninvited: "Not invited",
  unidentified: "Unidentified",
};

/** Table order for sorting by status: the ones that need a look first after "present". */
export const STATUS_ORDER: AttendanceStatus[] = ["present", "late", "leftEarly", "absent", "uninvited", "unidentified"];

export const METHOD_LABELS: Record<MatchMethod, string> = {
  registrationId: "Registration link",
  zoomUserId: "Zoom user",
  rule: "Review decision",
  email: "Email",
  uniqueName: "Unique name",
};

export const ALIAS_LABELS: Record<AliasKind, string> = {
  registrationId: "Unknown registration",
  zoomUserId: "Unknown Zoom user",
  email: "Email",
  name: "Name",
  row: "Nothing usable (all masked)",
};

export const INVITATION_LABELS: Record<InvitationStatus, string> = {
  pending: "Invited, registration pending",
  registered: "Registered",
  cancelled: "Cancelled",
  denied: "Denied",
  failed: "Registration failed",
};

export function methodLabel(method: MatchMethod | null): string {
  return method ? METHOD_LABELS[method] : "—";
}

/** Zoom's masking (HIPAA accounts): empty, a run of asterisks, or "Name unavailable". */
export function isMasked(value: string | null | undefined): boolean {
  const v = (value ?? "").trim();
  return v === "" || /^\*+$/.test(v) || v.toLowerCase() === "name unavailable";
}

function zoneOrUtc(timezone: string): string {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: timezone });
    return timezone;
  } catch {
    return "UTC";
  }
}

/** A clock time in the meeting's zone, e.g. "09:03". */
export function formatTime(iso: string | null, timezone: string): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zoneOrUtc(timezone),
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

/** A date and time in the meeting's zone, e.g. "Mon 2 Mar 2026, 09:00". */
export function formatDateTime(iso: string | null, timezone: string): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zoneOrUtc(timezone),
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

/** The zone as people read it at that date, e.g. "Europe/Berlin (CET)". */
export function zoneLabel(timezone: string, at: string | null): string {
  const zone = zoneOrUtc(timezone);
  const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" })
    .formatToParts(at ? new Date(at) : new Date())
    .find((p) => p.type === "timeZoneName")?.value;
  return part && part !== zone ? `${zone} (${part})` : zone;
}

/** Whole minutes and hours, e.g. "1 h 05 min", "42 min", "0 min". */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

export function formatPercent(share: number | null): string {
  return `${Math.round((share ?? 0) * 100)}%`;
}

/** An instance's state in plain words. */
export function instanceStateLabel(instance: AttendanceInstance, timezone: string): string {
  const labels: Record<InstanceState, string> = {
    pending: "Not fetched yet",
    notReady: "Zoom's report is not ready yet; Rollcall will try again",
    failed: "The last fetch failed; Rollcall will try again",
    fetched: "Up to date",
  };
  const base = labels[instance.state];
  if ((instance.state === "notReady" || instance.state === "failed") && instance.retryAt) {
    return `${base} at ${formatTime(instance.retryAt, timezone)}`;
  }
  return base;
}

export type LineSortKey = "name" | "status" | "firstJoin" | "lastLeave" | "total" | "joins" | "method";

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

function sortValue(l: AttendanceLine, key: LineSortKey): string | number {
  switch (key) {
    case "name":
      return l.person.name;
    case "status":
      return STATUS_ORDER.indexOf(l.status);
    case "firstJoin":
      return l.firstJoin ? Date.parse(l.firstJoin) : Number.POSITIVE_INFINITY;
    case "lastLeave":
      return l.lastLeave ? Date.parse(l.lastLeave) : Number.NEGATIVE_INFINITY;
    case "total":
      return l.totalSeconds;
    case "joins":
      return l.joins;
    case "method":
      return methodLabel(l.matchMethod);
  }
}

/** The lines sorted by `key` (ties by name, then external id, so the order is stable). */
export function sortLines(lines: AttendanceLine[], key: LineSortKey, ascending: boolean): AttendanceLine[] {
  const sign = ascending ? 1 : -1;
  return [...lines].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    const primary =
      typeof va === "number" && typeof vb === "number"
        ? va === vb
          ? 0
          : va < vb
            ? -1
            : 1
        : collator.compare(String(va), String(vb));
    if (primary !== 0) return primary * sign;
    return collator.compare(a.person.name, b.person.name) || collator.compare(a.person.externalId, b.person.externalId);
  });
}

/** Lines matching a search (name, email, external id) and a status ("" = any). */
export function filterLines(lines: AttendanceLine[], search: string, status: AttendanceStatus | ""): AttendanceLine[] {
  const needle = search.trim().toLowerCase();
  return lines.filter(
    (l) =>
      (status === "" || l.status === status) &&
      (needle === "" ||
        l.person.name.toLowerCase().includes(needle) ||
        l.person.email.toLowerCase().includes(needle) ||
        l.person.externalId.toLowerCase().includes(needle)),
  );
}

/** The path of a person's page. */
export function personHref(externalId: string): string {
  return `/people/person?id=${encodeURIComponent(externalId)}`;
}
