// The fake backend's meetings and invitations (spread into FakeBackend by fake.ts). It behaves
// like the contract: hosts must be licensed, registration needs a fixed time, invitations are
// registered by a job, each registered person gets their own link, authenticated links are made
// only when asked and counted (never kept), and Zoom's refusals come back as BackendErrors.
import {
  BackendError,
  type Backend,
  type Host,
  type Invitation,
  type InviteOutcome,
  type Job,
  type LinkFormat,
  type Meeting,
  type MeetingInput,
  type MeetingLink,
  type PeopleSelection,
  type Person,
  type RevealedLink,
  type Stranger,
  type Switch,
} from "./backend";

/** The switches as core sends them (crates/core/src/meetings/preset.rs). */
export const FAKE_SWITCHES: Switch[] = [
  { key: "inviteOnly", label: "Invite only", explanation: "Only the people you invite get in; anyone else who finds the registration link waits for your approval, and you can turn them away with Close the door.", preset: true },
  { key: "confirmationEmail", label: "Zoom confirmation email", explanation: "Zoom emails each invited person their own link; off when Rollcall hands out the links for you.", preset: false },
  { key: "emailNotifications", label: "Zoom status emails", explanation: "Zoom emails people when their registration is approved, cancelled or denied.", preset: false },
  { key: "waitingRoom", label: "Waiting room", explanation: "Everyone waits until the host lets them in, so nobody starts the meeting without the host.", preset: true },
  { key: "passcode", label: "Passcode", explanation: "The meeting needs a passcode; each person's own link already carries it.", preset: true },
  { key: "joinBeforeHost", label: "Join before host", explanation: "Lets people in before the host arrives; Zoom ignores it while the waiting room is on.", preset: false },
  { key: "allowMultipleDevices", label: "Several devices per link", explanation: "Lets one person's link be used on two devices at once, which also lets a link be shared.", preset: false },
];

export const FAKE_HOSTS: Host[] = [
  { zoomUserId: "host-1", email: "host@example.org", name: "Hana Host" },
  { zoomUserId: "host-2", email: "owner@example.org", name: "Olivia Owner" },
];

export function fakeMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: 1,
    zoomMeetingId: "81234567890",
    topic: "Board meeting",
    kind: "scheduled",
    registration: null,
    startTime: "2030-01-15T14:00:00Z",
    startLocal: "2030-01-15 15:00",
    timezone: "Europe/Berlin",
    durationMinutes: 60,
    recurrence: null,
    settings: {
      inviteOnly: true, confirmationEmail: false, emailNotifications: false, waitingRoom: true,
      passcode: true, joinBeforeHost: false, allowMultipleDevices: false, alternativeHosts: [],
    },
    hostEmail: "host@example.org",
    joinUrl: "https://zoom.example/j/81234567890",
    registrationUrl: "https://zoom.example/meeting/register/abc",
    status: "active",
    drift: null,
    occurrences: [],
    invited: 0,
    refreshedAt: null,
    ...overrides,
  };
}

/** What the fake keeps about meetings; tests read and change it through `meetingsOf(backend)`. */
export class FakeMeetings {
  hosts: Host[] = FAKE_HOSTS.map((h) => ({ ...h }));
  meetings: Meeting[] = [];
  invitations = new Map<number, Invitation[]>();
  strangers = new Map<number, Stranger[]>();
  /** Authenticated links made so far (made on demand, never kept: only the count is). */
  authenticatedMade = 0;
  /** What linksExport wrote, by path. */
  readonly written = new Map<string, string>();
  /** What chooseLinksExportFile answers. */
  nextLinksPath: string | null = "/home/admin/links.csv";
  /** The clipboard. */
  clipboard: string | null = null;
  nextId = 1;
  private nextInvitation = 1;

  add(overrides: Partial<Meeting> = {}): Meeting {
    const meeting = fakeMeeting({ id: this.nextId, zoomMeetingId: String(81_000_000_000 + this.nextId), ...overrides });
    this.nextId = Math.max(this.nextId, meeting.id) + 1;
    this.meetings.push(meeting);
    return meeting;
  }

  find(reference: string): Meeting {
    const ref = reference.trim();
    const meeting = this.meetings.find(
      (m) => m.status !== "deleted" && (String(m.id) === ref || m.zoomMeetingId === ref),
    );
    if (!meeting) {
      throw new BackendError({
        code: "NotFound",
        message: `There is no meeting ${ref} in Rollcall for this Zoom account. Import it first.`,
        detail: null,
      });
    }
    return meeting;
  }

  invitationsOf(meeting: Meeting): Invitation[] {
    let list = this.invitations.get(meeting.id);
    if (!list) {
      list = [];
      this.invitations.set(meeting.id, list);
    }
    return list;
  }

  invite(meeting: Meeting, person: Person): Invitation {
    const list = this.invitationsOf(meeting);
    const existing = list.find((i) => i.externalId === person.externalId);
    if (existing && existing.status !== "cancelled") return existing;
    const invitation: Invitation = {
      id: this.nextInvitation++,
      externalId: person.externalId,
      name: `${person.firstName} ${person.lastName}`.trim(),
      email: person.email,
      occurrenceId: null,
      status: "pending",
      registrationId: null,
      joinUrl: null,
      phonePin: null,
      error: null,
      updatedAt: null,
    };
    if (existing) Object.assign(existing, invitation, { id: existing.id });
    else list.push(invitation);
    return existing ?? invitation;
  }

  /** What the registration job does for one invitation: a distinct link and PIN, or Zoom's refusal. */
  register(meeting: Meeting, invitation: Invitation): void {
    if (invitation.email.endsWith(".invalid")) {
      invitation.status = "failed";
      invitation.error = "Zoom refused the email address.";
      return;
    }
    const n = invitation.id;
    invitation.status = "registered";
    invitation.registrationId = `reg-${meeting.id}-${n}`;
    invitation.joinUrl = `https://zoom.example/w/${meeting.zoomMeetingId}?tk=tk-${meeting.id}-${n}`;
    invitation.phonePin = String(100000 + n);
    invitation.error = null;
  }

  recount(meeting: Meeting): void {
    meeting.invited = this.invitationsOf(meeting).filter((i) => i.status !== "cancelled").length;
  }
}

const states = new WeakMap<object, FakeMeetings>();

/** The meetings part of a fake backend. */
export function meetingsOf(backend: object): FakeMeetings {
  let state = states.get(backend);
  if (!state) {
    state = new FakeMeetings();
    states.set(backend, state);
  }
  return state;
}

/** The parts of FakeBackend the meetings methods use (some are private there). */
type Host_ = {
  people: Person[];
  jobs: Job[];
  enter(command: keyof Backend, args: unknown[]): Promise<void>;
  startJob(kind: Job["kind"], title: string, people: Person[]): Job;
  onJobProgress: Backend["onJobProgress"];
};

function host(self: unknown): Host_ {
  return self as Host_;
}

function validation(message: string): BackendError {
  return new BackendError({ code: "Validation", message, detail: null });
}

function selectPeople(people: Person[], selection: PeopleSelection): Person[] {
  if (selection === "all") return people;
  if (selection.groups) {
    const wanted = new Set(selection.groups.map((g) => g.toLowerCase()));
    return people.filter((p) => p.groups.some((g) => wanted.has(g.toLowerCase())));
  }
  const wanted = new Set(selection.people ?? []);
  return people.filter((p) => wanted.has(p.externalId));
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Turns a form's wall clock in `timezone` into UTC the way core does (good enough for the fake: zone offsets are ignored). */
function toUtc(start: string): string {
  return `${start.slice(0, 16)}:00Z`;
}

function checkInput(state: FakeMeetings, input: MeetingInput): void {
  if (input.topic.trim() === "") throw validation("Give the meeting a topic.");
  const licensed = state.hosts.find((h) => h.email.toLowerCase() === input.hostEmail.trim().toLowerCase());
  if (!licensed) {
    throw validation(
      `${input.hostEmail} is not a licensed user of this Zoom account. Registration needs a licensed host: choose one of the licensed hosts.`,
    );
  }
}

/** Follows a started job: when it completes, its invitations are registered (or cancelled, or strangers denied). */
function onFinished(self: Host_, job: Job, done: () => void): void {
  let stop: (() => void) | undefined;
  void self
    .onJobProgress((p) => {
      if (p.jobId === job.id && p.state === "completed") {
        done();
        stop?.();
      }
    })
    .then((unlisten) => (stop = unlisten));
}

/** The methods FakeBackend gets (fake.ts assigns them onto its prototype). */
export const fakeMeetingMethods: Pick<
  Backend,
  | "meetingsHosts"
  | "meetingSwitches"
  | "meetingsList"
  | "meetingGet"
  | "meetingCreate"
  | "meetingUpdate"
  | "meetingDelete"
  | "meetingImport"
  | "meetingRefresh"
  | "meetingsRefresh"
  | "invitationsList"
  | "meetingLinks"
  | "inviteStart"
  | "uninviteStart"
  | "meetingStrangers"
  | "closeDoorStart"
  | "chooseLinksExportFile"
  | "linksExport"
  | "authenticatedLink"
  | "copyText"
> = {
  async meetingsHosts() {
    await host(this).enter("meetingsHosts", []);
    return copy(meetingsOf(this).hosts);
  },

  async meetingSwitches() {
    await host(this).enter("meetingSwitches", []);
    return copy(FAKE_SWITCHES);
  },

  async meetingsList() {
    await host(this).enter("meetingsList", []);
    return copy(meetingsOf(this).meetings.filter((m) => m.status !== "deleted"));
  },

  async meetingGet(meeting) {
    await host(this).enter("meetingGet", [meeting]);
    return copy(meetingsOf(this).find(meeting));
  },

  async meetingCreate(input) {
    await host(this).enter("meetingCreate", [input]);
    const state = meetingsOf(this);
    checkInput(state, input);
    const created = state.add({
      topic: input.topic.trim(),
      kind: input.recurrence ? "recurring" : "scheduled",
      registration: input.recurrence ? (input.registration ?? "onceForAll") : null,
      startTime: toUtc(input.start),
      startLocal: input.start.replace("T", " ").slice(0, 16),
      timezone: input.timezone,
      durationMinutes: input.durationMinutes,
      recurrence: input.recurrence ?? null,
      settings: { ...fakeMeeting().settings, ...input.settings },
      hostEmail: input.hostEmail.trim(),
    });
    return copy(created);
  },

  async meetingUpdate(meeting, input) {
    await host(this).enter("meetingUpdate", [meeting, input]);
    const state = meetingsOf(this);
    const found = state.find(meeting);
    checkInput(state, input);
    Object.assign(found, {
      topic: input.topic.trim(),
      startTime: toUtc(input.start),
      startLocal: input.start.replace("T", " ").slice(0, 16),
      timezone: input.timezone,
      durationMinutes: input.durationMinutes,
      recurrence: input.recurrence ?? null,
      registration: input.recurrence ? (input.registration ?? "onceForAll") : null,
      settings: { ...found.settings, ...input.settings },
      hostEmail: input.hostEmail.trim(),
    });
    return copy(found);
  },

  async meetingDelete(meeting) {
    await host(this).enter("meetingDelete", [meeting]);
    meetingsOf(this).find(meeting).status = "deleted";
  },

  async meetingImport(zoomMeetingId) {
    await host(this).enter("meetingImport", [zoomMeetingId]);
    const id = zoomMeetingId.replace(/[\s-]/g, "");
    if (!/^\d+$/.test(id)) throw validation(`"${zoomMeetingId}" is not a Zoom meeting id (digits only).`);
    const state = meetingsOf(this);
    const existing = state.meetings.find((m) => m.zoomMeetingId === id && m.status !== "deleted");
    if (existing) return copy(existing);
    if (id.length < 9) {
      throw new BackendError({
        code: "NotFound",
        message: `Zoom has no meeting ${id} in this account. Check the number in the Zoom portal.`,
        detail: null,
      });
    }
    return copy(state.add({ zoomMeetingId: id, topic: `Imported meeting ${id}` }));
  },

  async meetingRefresh(meeting) {
    await host(this).enter("meetingRefresh", [meeting]);
    const found = meetingsOf(this).find(meeting);
    found.refreshedAt = new Date().toISOString();
    return copy(found);
  },

  async meetingsRefresh() {
    await host(this).enter("meetingsRefresh", []);
    const now = new Date().toISOString();
    const state = meetingsOf(this);
    for (const m of state.meetings) m.refreshedAt = now;
    return copy(state.meetings.filter((m) => m.status !== "deleted"));
  },

  async invitationsList(meeting) {
    await host(this).enter("invitationsList", [meeting]);
    const state = meetingsOf(this);
    return copy(state.invitationsOf(state.find(meeting)));
  },

  async meetingLinks(meeting) {
    await host(this).enter("meetingLinks", [meeting]);
    const self = host(this);
    const state = meetingsOf(this);
    return state.invitationsOf(state.find(meeting)).map((i): MeetingLink => {
      const person = self.people.find((p) => p.externalId === i.externalId);
      const created = person?.zoom?.status === "provisioned" && person.zoom.kind === "created";
      return {
        externalId: i.externalId,
        name: i.name,
        email: i.email,
        joinUrl: i.joinUrl,
        phonePin: i.phonePin,
        status: i.status,
        occurrenceIds: [],
        authenticated:
          created && i.status === "registered"
            ? { validFor: "90 days", note: "Zoom does not document this form of link." }
            : null,
      };
    });
  },

  async inviteStart(meeting, selection, occurrences) {
    const self = host(this);
    await self.enter("inviteStart", [meeting, selection, occurrences]);
    const state = meetingsOf(this);
    const found = state.find(meeting);
    if (found.status !== "active") throw validation("This meeting is deleted (here or in Zoom); nobody can be invited to it.");
    const chosen = selectPeople(self.people, selection);
    const skipped = chosen
      .filter((p) => !p.active || p.email.toLowerCase() === found.hostEmail.toLowerCase())
      .map((p) => ({
        externalId: p.externalId,
        reason: p.active ? "The host cannot be invited to their own meeting." : "This person is inactive in the directory.",
      }));
    const invitees = chosen.filter((p) => !skipped.some((s) => s.externalId === p.externalId));
    const invited = new Set(state.invitationsOf(found).filter((i) => i.status !== "cancelled").map((i) => i.externalId));
    const adding = invitees.filter((p) => !invited.has(p.externalId));
    if (invited.size + adding.length > 4999) {
      throw validation(`Zoom allows at most 4,999 registrants per meeting; this would make ${invited.size + adding.length}.`);
    }
    if (invitees.length === 0) return { job: null, people: 0, skipped };
    const invitations = invitees.map((p) => state.invite(found, p));
    state.recount(found);
    const job = self.startJob("register", `Invite ${invitees.length} people to ${found.topic}`, invitees);
    onFinished(self, job, () => {
      for (const i of invitations) if (i.status === "pending") state.register(found, i);
    });
    return { job, people: invitees.length, skipped } satisfies InviteOutcome;
  },

  async uninviteStart(meeting, selection) {
    const self = host(this);
    await self.enter("uninviteStart", [meeting, selection]);
    const state = meetingsOf(this);
    const found = state.find(meeting);
    const wanted = new Set(selectPeople(self.people, selection).map((p) => p.externalId));
    const live = state.invitationsOf(found).filter((i) => wanted.has(i.externalId) && i.status !== "cancelled");
    if (live.length === 0) return { job: null, people: 0, skipped: [] };
    const people = self.people.filter((p) => live.some((i) => i.externalId === p.externalId));
    const job = self.startJob("uninvite", `Uninvite ${live.length} people from ${found.topic}`, people);
    onFinished(self, job, () => {
      for (const i of live) Object.assign(i, { status: "cancelled", joinUrl: null, phonePin: null });
      state.recount(found);
    });
    return { job, people: live.length, skipped: [] };
  },

  async meetingStrangers(meeting) {
    await host(this).enter("meetingStrangers", [meeting]);
    const state = meetingsOf(this);
    return copy(state.strangers.get(state.find(meeting).id) ?? []);
  },

  async closeDoorStart(meeting) {
    const self = host(this);
    await self.enter("closeDoorStart", [meeting]);
    const state = meetingsOf(this);
    const found = state.find(meeting);
    const strangers = state.strangers.get(found.id) ?? [];
    if (strangers.length === 0) return { job: null, people: 0, skipped: [] };
    const asPeople = strangers.map((s, n): Person => ({
      id: 1_000_000 + n, externalId: s.registrationId, email: s.email, firstName: s.name, lastName: "",
      groups: [], active: true, zoom: null,
    }));
    const job = self.startJob("closeDoor", `Turn away ${strangers.length} people from ${found.topic}`, asPeople);
    onFinished(self, job, () => state.strangers.set(found.id, []));
    return { job, people: strangers.length, skipped: [] };
  },

  async chooseLinksExportFile(format: LinkFormat) {
    await host(this).enter("chooseLinksExportFile", [format]);
    const path = meetingsOf(this).nextLinksPath;
    return path && format === "json" ? path.replace(/\.csv$/, ".json") : path;
  },

  async linksExport(meeting, format, authenticated, path) {
    await host(this).enter("linksExport", [meeting, format, authenticated, path]);
    const state = meetingsOf(this);
    const list = state.invitationsOf(state.find(meeting));
    const rows = list.map((i) => ({
      externalId: i.externalId, name: i.name, email: i.email, joinLink: i.joinUrl, phonePin: i.phonePin, status: i.status,
    }));
    const text =
      format === "json"
        ? JSON.stringify({ links: rows }, null, 2)
        : [
            "external_id,name,email,join_link,phone_pin,status",
            ...rows.map((r) => [r.externalId, r.name, r.email, r.joinLink ?? "", r.phonePin ?? "", r.status].join(",")),
          ].join("\n");
    state.written.set(path, text);
    return rows.length;
  },

  async authenticatedLink(meeting, externalId) {
    const self = host(this);
    await self.enter("authenticatedLink", [meeting, externalId]);
    const state = meetingsOf(this);
    const found = state.find(meeting);
    const invitation = state.invitationsOf(found).find((i) => i.externalId === externalId);
    const person = self.people.find((p) => p.externalId === externalId);
    if (!invitation?.joinUrl || person?.zoom?.kind !== "created") {
      throw validation(
        "An authenticated link needs a registered person whose Zoom user Rollcall created; use their personal registration link instead.",
      );
    }
    state.authenticatedMade++;
    return {
      externalId,
      url: `${invitation.joinUrl}&zak=zak-${externalId}-${state.authenticatedMade}`,
      expiresAt: new Date(Date.UTC(2030, 3, 15, 12, 0)).toISOString(),
      note: "Zoom does not document this form of link.",
    } satisfies RevealedLink;
  },

  async copyText(text) {
    await host(this).enter("copyText", ["<text>"]);
    meetingsOf(this).clipboard = text;
  },
};

/** Tests: finish a job the fake started, as the runner would (its invitations get registered). */
export function finishJob(
  backend: { jobs: Job[]; emitJobProgress(p: ReturnType<FinishHost["progressOf"]>): void; progressOf: FinishHost["progressOf"] },
  id: string,
): void {
  const job = backend.jobs.find((j) => j.id === id);
  if (!job) throw new Error(`no job ${id}`);
  Object.assign(job, { state: "completed", done: job.total, finishedAt: new Date().toISOString() });
  backend.emitJobProgress(backend.progressOf(job));
}

type FinishHost = { progressOf(job: Job): import("./backend").JobProgress };
