// The fake backend's attendance and person-page behaviour (spread into FakeBackend by fake.ts).
// It keeps reconciled instance views per meeting and acts out review decisions the way core
// does: a decision ties every row showing the alias, in the series or the whole account, at
// once; undoing it puts the rows back in the review queue.
import {
  BackendError,
  type Alias,
  type AttendanceInstance,
  type AttendanceLine,
  type AttendanceRow,
  type AttendanceSettings,
  type AttendanceStatus,
  type AttendanceTotals,
  type Backend,
  type Decision,
  type DecisionOutcome,
  type ExportFormat,
  type GuestEntry,
  type InstanceView,
  type Job,
  type JobProgress,
  type PersonAttendance,
  type PersonEdit,
  type PersonInvitation,
  type Person,
  type PersonRef,
  type ReviewEntry,
  type RuleId,
  type UnidentifiedEntry,
} from "./backend";

export type AttendanceCommand =
  | "attendanceInstances"
  | "attendanceInstance"
  | "attendanceSyncStart"
  | "attendanceSyncRecent"
  | "attendanceReview"
  | "attendanceDecide"
  | "attendanceUndo"
  | "attendancePerson"
  | "attendanceGroup"
  | "attendanceSettings"
  | "attendanceSettingsSet"
  | "chooseAttendanceExportFile"
  | "attendanceExport"
  | "personGet"
  | "personUpdate"
  | "personInvitations";

export type AttendanceCommands = Pick<Backend, AttendanceCommand>;

/** What the fake attendance needs from the FakeBackend it lives in. */
export type FakeHost = {
  enter(command: keyof Backend, args: unknown[]): Promise<void>;
  people(): Person[];
  jobs(): Job[];
  emit(progress: JobProgress): void;
  newId(): number;
  /** When set, started jobs finish one item every this many milliseconds (vite dev). */
  stepMs(): number | null;
};

/** A meeting the fake knows attendance for. */
export type FakeMeeting = {
  meetingId: string;
  zoomMeetingId: string;
  topic: string;
  views: InstanceView[];
};

type AppliedRule = {
  id: number;
  meeting: FakeMeeting;
  alias: Alias;
  scope: "series" | "account";
  /** What the rule took out of each view, to put back on undo. */
  removed: { view: InstanceView; entries: UnidentifiedEntry[]; original: AttendanceLine | null; addedGuest: GuestEntry | null }[];
};

const MINUTE = 60_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function personRef(p: Person): PersonRef {
  return { personId: p.id, externalId: p.externalId, name: `${p.firstName} ${p.lastName}`.trim(), email: p.email };
}

/** A line of the table, from join/leave minutes relative to the scheduled start. */
export function fakeLine(
  person: PersonRef,
  status: AttendanceStatus,
  start: number,
  stays: [number, number][],
  overrides: Partial<AttendanceLine> = {},
): AttendanceLine {
  const intervals = stays.map(([a, b]) => ({ start: iso(start + a * MINUTE), end: iso(start + b * MINUTE) }));
  const totalSeconds = stays.reduce((sum, [a, b]) => sum + (b - a) * 60, 0);
  return {
    person,
    invited: status !== "uninvited",
    attended: stays.length > 0,
    status,
    late: status === "late",
    leftEarly: status === "leftEarly",
    firstJoin: intervals[0]?.start ?? null,
    lastLeave: intervals.at(-1)?.end ?? null,
    totalSeconds,
    joins: stays.length,
    matchMethod: stays.length > 0 ? "registrationId" : null,
    ruleId: null,
    intervals,
    ...overrides,
  };
}

/** An unidentified alias with its rows (`name`/`email` as Zoom gave them, masked or not). */
export function fakeUnidentified(
  alias: Alias,
  rows: { name: string | null; email: string | null; stay: [number, number] }[],
  start: number,
  suggestions: UnidentifiedEntry["suggestions"] = [],
): UnidentifiedEntry {
  const attendanceRows: AttendanceRow[] = rows.map((r, i) => ({
    rowKey: `${alias.kind}:${alias.value}#${i}`,
    registrationId: null,
    zoomUserId: null,
    name: r.name,
    email: r.email,
    joinedAt: iso(start + r.stay[0] * MINUTE),
    leftAt: iso(start + r.stay[1] * MINUTE),
    inWaitingRoom: false,
    source: "report",
  }));
  const intervals = rows.map((r) => ({ start: iso(start + r.stay[0] * MINUTE), end: iso(start + r.stay[1] * MINUTE) }));
  const unmaskedName = rows.map((r) => r.name).find((n) => n && !isMaskedValue(n)) ?? null;
  return {
    alias,
    displayName: unmaskedName,
    presence: {
      firstJoin: intervals[0]?.start ?? null,
      lastLeave: intervals.at(-1)?.end ?? null,
      joins: rows.length,
      waitingRoomRows: 0,
      attendedSeconds: rows.reduce((s, r) => s + (r.stay[1] - r.stay[0]) * 60, 0),
      intervals,
    },
    rows: attendanceRows,
    suggestions,
  };
}

/** Zoom's masking, as core reads it: empty, all asterisks, or "Name unavailable". */
function isMaskedValue(value: string | null): boolean {
  const v = (value ?? "").trim();
  return v === "" || /^\*+$/.test(v) || v.toLowerCase() === "name unavailable";
}

/**
 * A meeting with `instances` weekly instances of 60 minutes, everyone in `people` invited but
 * the last tenth, and in each instance three rows nobody could be tied to: a name, a fully
 * masked row, and an outside email.
 */
export function generateMeetingAttendance(
  people: Person[],
  options: { meetingId?: string; zoomMeetingId?: string; topic?: string; instances?: number; firstStart?: string } = {},
): FakeMeeting {
  const meetingId = options.meetingId ?? "1";
  const zoomMeetingId = options.zoomMeetingId ?? "81234567890";
  const topic = options.topic ?? "Weekly choir practice";
  const first = Date.parse(options.firstStart ?? "2026-03-02T09:00:00Z");
  const views: InstanceView[] = [];
  for (let n = 0; n < (options.instances ?? 1); n++) {
    const start = first + n * 7 * 24 * 60 * MINUTE;
    const end = start + 60 * MINUTE;
    const lines = people.map((p, i) => {
      const ref = personRef(p);
      switch ((i + n) % 10) {
        case 6:
          return fakeLine(ref, "late", start, [[12, 60]]);
        case 7:
          return fakeLine(ref, "leftEarly", start, [[0, 35]]);
        case 8:
          return fakeLine(ref, "absent", start, []);
        case 9:
          return fakeLine(ref, "uninvited", start, [[5, 50]], { matchMethod: "email" });
        case 3:
          // A rejoin: two stays.
          return fakeLine(ref, "present", start, [[-2, 20], [24, 61]]);
        default:
          return fakeLine(ref, "present", start, [[-1 + (i % 3), 60]]);
      }
    });
    const suggestion = people[0]
      ? [{ personId: people[0].id, displayName: personRef(people[0]).name, score: 0.8, reasons: ["similarName" as const] }]
      : [];
    views.push({
      meeting: { meetingId, zoomMeetingId, topic },
      instance: {
        uuid: `uuid-${meetingId}-${n + 1}==`,
        occurrenceId: null,
        startedAt: iso(start),
        endedAt: iso(end),
        scheduledStart: iso(start),
        scheduledEnd: iso(end),
        state: "fetched",
        source: "report",
        retryAt: null,
        lastError: null,
      },
      lines,
      guests: [],
      unidentified: [
        fakeUnidentified({ kind: "name", value: "jon smyth" }, [{ name: "Jon Smyth", email: "******", stay: [3, 58] }], start, suggestion),
        fakeUnidentified({ kind: "row", value: `report#${n}-17` }, [{ name: "Name unavailable", email: "", stay: [10, 40] }], start),
        fakeUnidentified(
          { kind: "email", value: "guest@outside.example" },
          [
            { name: "Visiting speaker", email: "guest@outside.example", stay: [0, 15] },
            { name: "Visiting speaker", email: "guest@outside.example", stay: [20, 45] },
          ],
          start,
        ),
      ],
    });
  }
  return { meetingId, zoomMeetingId, topic, views };
}

function notFound(message: string): BackendError {
  return new BackendError({ code: "NotFound", message, detail: null });
}

function aliasKey(alias: Alias): string {
  return `${alias.kind}:${alias.value}`;
}

export class FakeAttendance {
  meetings: FakeMeeting[] = [];
  settings: AttendanceSettings = {
    lateAfterMinutes: 5,
    leftEarlyMinutes: 5,
    presentMinMinutes: 0,
    refreshMinutes: 15,
    source: "report",
  };
  invitations = new Map<string, PersonInvitation[]>();
  /** What the next chooseAttendanceExportFile answers (`null`: the admin cancels). */
  nextExportPath: string | null = "/home/admin/attendance";
  exports: { meeting: string; format: ExportFormat; path: string }[] = [];
  rules: AppliedRule[] = [];
  private readonly host: FakeHost;

  constructor(host: FakeHost) {
    this.host = host;
  }

  meeting(ref: string): FakeMeeting {
    const m = this.meetings.find((x) => x.meetingId === ref || x.zoomMeetingId === ref);
    if (!m) throw notFound("Rollcall has no meeting with this number. Refresh the meetings list.");
    return m;
  }

  private person(externalId: string): Person {
    const p = this.host.people().find((x) => x.externalId === externalId.trim());
    if (!p) throw notFound(`There is no person with the id "${externalId}" in the directory.`);
    return p;
  }

  private startJob(title: string, total: number): Job {
    const now = new Date().toISOString();
    const job: Job = {
      id: `job-${this.host.newId()}`,
      kind: "attendanceSync",
      title,
      state: "running",
      pauseReason: null,
      resumeAfter: null,
      total,
      done: 0,
      failed: 0,
      createdAt: now,
      startedAt: now,
      finishedAt: null,
    };
    this.host.jobs().unshift(job);
    const step = this.host.stepMs();
    if (step !== null) this.runJob(job, step);
    return { ...job };
  }

  /** Works through a sync job on a timer, reporting progress like the runner. */
  private runJob(job: Job, step: number): void {
    const progress = (): JobProgress => ({
      jobId: job.id,
      kind: job.kind,
      title: job.title,
      state: job.state,
      done: job.done,
      failed: job.failed,
      total: job.total,
      ratePerMinute: null,
      secondsLeft: null,
      pauseReason: null,
    });
    const timer = setInterval(() => {
      if (job.state !== "running") return clearInterval(timer);
      if (job.done < job.total) job.done++;
      if (job.done >= job.total) {
        job.state = "completed";
        job.finishedAt = new Date().toISOString();
        clearInterval(timer);
      }
      this.host.emit(progress());
    }, step);
  }

  private review(meeting: FakeMeeting): ReviewEntry[] {
    const grouped = new Map<string, ReviewEntry>();
    for (const view of meeting.views) {
      for (const u of view.unidentified) {
        const key = aliasKey(u.alias);
        let entry = grouped.get(key);
        if (!entry) {
          entry = {
            key,
            alias: u.alias,
            displayName: u.displayName,
            instances: [],
            rows: 0,
            attendedSeconds: 0,
            suggestions: [],
            seen: [],
          };
          grouped.set(key, entry);
        }
        entry.instances.push(view.instance.uuid);
        entry.rows += u.rows.length;
        entry.attendedSeconds += u.presence.attendedSeconds;
        entry.seen.push(...u.rows.slice(0, 20 - entry.seen.length));
        for (const s of u.suggestions) {
          if (entry.suggestions.some((x) => x.person.personId === s.personId)) continue;
          const p = this.host.people().find((x) => x.id === s.personId);
          if (p) entry.suggestions.push({ person: personRef(p), score: s.score, reasons: s.reasons });
        }
      }
    }
    return [...grouped.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  commands(): AttendanceCommands {
    const host = this.host;
    return {
      attendanceInstances: async (meeting) => {
        await host.enter("attendanceInstances", [meeting]);
        return this.meeting(meeting).views.map((v) => ({ ...v.instance }));
      },
      attendanceInstance: async (meeting, uuid) => {
        await host.enter("attendanceInstance", [meeting, uuid]);
        const views = this.meeting(meeting).views;
        const view = uuid === null ? views.at(-1) : views.find((v) => v.instance.uuid === uuid);
        if (!view) throw notFound("Rollcall has no attendance for this meeting instance yet. Sync the meeting first.");
        return structuredClone(view);
      },
      attendanceSyncStart: async (meeting, force) => {
        await host.enter("attendanceSyncStart", [meeting, force]);
        const m = this.meeting(meeting);
        const due = m.views.filter((v) => force || v.instance.state !== "fetched").length;
        return this.startJob(`Attendance of ${m.topic}`, due);
      },
      attendanceSyncRecent: async () => {
        await host.enter("attendanceSyncRecent", []);
        if (host.jobs().some((j) => j.kind === "attendanceSync" && j.state === "running")) return null;
        return this.startJob("Attendance of recent meetings", this.meetings.length);
      },
      attendanceReview: async (meeting) => {
        await host.enter("attendanceReview", [meeting]);
        return this.review(this.meeting(meeting));
      },
      attendanceDecide: async (meeting, alias, decision) => {
        await host.enter("attendanceDecide", [meeting, alias, decision]);
        return this.decide(this.meeting(meeting), alias, decision);
      },
      attendanceUndo: async (rule) => {
        await host.enter("attendanceUndo", [rule]);
        return this.undo(rule);
      },
      attendancePerson: async (externalId) => {
        await host.enter("attendancePerson", [externalId]);
        return this.personAttendance(this.person(externalId));
      },
      attendanceGroup: async (group, from, to) => {
        await host.enter("attendanceGroup", [group, from, to]);
        const members = host.people().filter((p) => p.groups.some((g) => g.toLowerCase() === group.toLowerCase()));
        if (members.length === 0) throw notFound(`There is no group "${group}".`);
        const [a, b] = [Date.parse(from), Date.parse(to)];
        const lines = members.flatMap((p) =>
          this.personAttendance(p).lines.filter((l) => Date.parse(l.scheduledStart) >= a && Date.parse(l.scheduledStart) < b),
        );
        return totals(lines);
      },
      attendanceSettings: async () => {
        await host.enter("attendanceSettings", []);
        return { ...this.settings };
      },
      attendanceSettingsSet: async (settings) => {
        await host.enter("attendanceSettingsSet", [settings]);
        if ([settings.lateAfterMinutes, settings.leftEarlyMinutes, settings.presentMinMinutes].some((m) => m > 1440)) {
          throw new BackendError({ code: "Validation", message: "Thresholds are minutes within a day (0 to 1440).", detail: null });
        }
        this.settings = { ...settings };
        return { ...this.settings };
      },
      chooseAttendanceExportFile: async (format, suggestedName) => {
        await host.enter("chooseAttendanceExportFile", [format, suggestedName]);
        return this.nextExportPath === null ? null : `${this.nextExportPath}/${suggestedName}.${format}`;
      },
      attendanceExport: async (meeting, format, path) => {
        await host.enter("attendanceExport", [meeting, format, path]);
        this.meeting(meeting);
        this.exports.push({ meeting, format, path });
      },
      personGet: async (externalId) => {
        await host.enter("personGet", [externalId]);
        return { ...this.person(externalId) };
      },
      personUpdate: async (externalId, edit) => {
        await host.enter("personUpdate", [externalId, edit]);
        return this.update(this.person(externalId), edit);
      },
      personInvitations: async (externalId) => {
        await host.enter("personInvitations", [externalId]);
        this.person(externalId);
        return (this.invitations.get(externalId) ?? []).map((i) => ({ ...i }));
      },
    };
  }

  private update(person: Person, edit: PersonEdit): Person {
    const email = edit.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      throw new BackendError({ code: "Validation", message: `"${edit.email}" is not a valid email address.`, detail: null });
    }
    const owner = this.host.people().find((p) => p.email.toLowerCase() === email && p.externalId !== person.externalId);
    if (owner) {
      throw new BackendError({
        code: "Conflict",
        message: `The email address ${email} already belongs to another person (external id ${owner.externalId}).`,
        detail: null,
      });
    }
    person.email = email;
    person.firstName = edit.firstName.trim();
    person.lastName = edit.lastName.trim();
    person.groups = [...new Set(edit.groups.map((g) => g.trim()).filter((g) => g !== ""))].sort((a, b) =>
      a.localeCompare(b, "en", { sensitivity: "base" }),
    );
    return { ...person };
  }

  private decide(meeting: FakeMeeting, alias: Alias, decision: Decision): DecisionOutcome {
    const id = 100 + this.rules.length + this.host.newId();
    const scope = decision.applyTo;
    const target = decision.target;
    const person = target.kind === "person" ? this.person(target.externalId) : null;
    const views = scope === "series" ? meeting.views : this.meetings.flatMap((m) => m.views);
    const rule: AppliedRule = { id, meeting, alias, scope, removed: [] };
    for (const view of views) {
      const entries = view.unidentified.filter((u) => aliasKey(u.alias) === aliasKey(alias));
      if (entries.length === 0) continue;
      view.unidentified = view.unidentified.filter((u) => !entries.includes(u));
      const intervals = entries.flatMap((e) => e.presence.intervals);
      const seconds = entries.reduce((s, e) => s + e.presence.attendedSeconds, 0);
      let addedLine: AttendanceLine | null = null;
      let addedGuest: GuestEntry | null = null;
      if (person) {
        const ref = personRef(person);
        const existing = view.lines.find((l) => l.person.externalId === ref.externalId);
        addedLine = {
          ...(existing ?? fakeLine(ref, "uninvited", Date.parse(view.instance.scheduledStart), [])),
          attended: true,
          totalSeconds: (existing?.totalSeconds ?? 0) + seconds,
          joins: (existing?.joins ?? 0) + intervals.length,
          intervals: [...(existing?.intervals ?? []), ...intervals].sort((a, b) => a.start.localeCompare(b.start)),
          matchMethod: existing?.matchMethod ?? "rule",
          ruleId: id,
        };
        if (existing?.status === "absent") addedLine.status = "present";
        addedLine.firstJoin = addedLine.intervals[0]?.start ?? null;
        addedLine.lastLeave = addedLine.intervals.at(-1)?.end ?? null;
        view.lines = existing ? view.lines.map((l) => (l === existing ? addedLine! : l)) : [...view.lines, addedLine];
        rule.removed.push({ view, entries, original: existing ? { ...existing } : null, addedGuest: null });
        continue;
      }
      addedGuest = {
        ruleId: id,
        alias,
        label: target.kind === "guest" ? (target.label ?? null) : null,
        presence: { ...entries[0].presence, intervals, attendedSeconds: seconds },
        rowKeys: entries.flatMap((e) => e.rows.map((r) => r.rowKey)),
      };
      view.guests = [...view.guests, addedGuest];
      rule.removed.push({ view, entries, original: null, addedGuest });
    }
    this.rules.push(rule);
    return {
      rule: {
        id,
        alias,
        target: person ? { kind: "person", personId: person.id } : { kind: "guest", label: addedGuestLabel(decision) },
        scope: scope === "series" ? { kind: "series", meetingId: meeting.zoomMeetingId } : { kind: "account" },
      },
      reconciledInstances: rule.removed.length,
    };
  }

  private undo(ruleId: RuleId): number {
    const rule = this.rules.find((r) => r.id === ruleId);
    if (!rule) {
      throw notFound(`There is no review decision ${ruleId}; it may have been undone already.`);
    }
    this.rules = this.rules.filter((r) => r !== rule);
    for (const { view, entries, original, addedGuest } of rule.removed) {
      view.unidentified = [...view.unidentified, ...entries].sort((a, b) => aliasKey(a.alias).localeCompare(aliasKey(b.alias)));
      if (addedGuest) view.guests = view.guests.filter((g) => g !== addedGuest);
      else {
        const tied = view.lines.find((l) => l.ruleId === rule.id);
        view.lines = original
          ? view.lines.map((l) => (l === tied ? original : l))
          : view.lines.filter((l) => l !== tied);
      }
    }
    return rule.removed.length;
  }

  personAttendance(person: Person): PersonAttendance {
    const lines = this.meetings.flatMap((m) =>
      m.views.flatMap((v) => {
        const line = v.lines.find((l) => l.person.externalId === person.externalId);
        if (!line) return [];
        const scheduledSeconds = Math.max(0, (Date.parse(v.instance.scheduledEnd) - Date.parse(v.instance.scheduledStart)) / 1000);
        return [
          {
            meeting: v.meeting,
            uuid: v.instance.uuid,
            scheduledStart: v.instance.scheduledStart,
            scheduledSeconds,
            status: line.status,
            invited: line.invited,
            attended: line.attended,
            totalSeconds: line.totalSeconds,
            shareOfScheduled: scheduledSeconds === 0 ? 0 : Math.min(line.totalSeconds, scheduledSeconds) / scheduledSeconds,
          },
        ];
      }),
    );
    return { person: personRef(person), totals: totals(lines), lines };
  }
}

function addedGuestLabel(decision: Decision): string | null {
  return decision.target.kind === "guest" ? (decision.target.label ?? null) : null;
}

function totals(lines: PersonAttendance["lines"]): AttendanceTotals {
  const invited = lines.filter((l) => l.invited);
  const attendedInvited = invited.filter((l) => l.attended).length;
  const scheduledSeconds = invited.reduce((s, l) => s + l.scheduledSeconds, 0);
  const cappedSeconds = invited.reduce((s, l) => s + Math.min(l.totalSeconds, l.scheduledSeconds), 0);
  return {
    invited: invited.length,
    attended: lines.filter((l) => l.attended).length,
    attendedInvited,
    attendedSeconds: lines.reduce((s, l) => s + l.totalSeconds, 0),
    scheduledSeconds,
    attendanceRate: invited.length === 0 ? 0 : attendedInvited / invited.length,
    timeShare: scheduledSeconds === 0 ? 0 : cappedSeconds / scheduledSeconds,
  };
}

/** For tests: the instance list of a meeting, as the backend answers it. */
export function instancesOf(meeting: FakeMeeting): AttendanceInstance[] {
  return meeting.views.map((v) => v.instance);
}
