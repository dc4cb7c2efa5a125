// An in-memory Backend for component tests (and for `vite dev` in a plain browser).
// Behaves like the contract: accountsAdd tests the connection first and saves nothing on failure.
import {
  BackendError,
  type Account,
  type AppError,
  type AppMode,
  type AppStatus,
  type Backend,
  type ConnectionReport,
  type FieldChange,
  type ImportPreview,
  type ImportResult,
  type Job,
  type JobItem,
  type JobProgress,
  type NewAccount,
  type PeopleFilter,
  type PeopleSelection,
  type Person,
  type PersonRow,
  type ProvisionMode,
  type RowError,
} from "./backend";
import type { HomeSummary } from "./backend";
import { emptyHomeExtras, fakeHomeSummary, type FakeHomeExtras } from "./fake-home";
import { FakeAttendance, type AttendanceCommands } from "./fake-attendance";
// demo
import type { ActOutSummary } from "./backend";
import { fakeActOut } from "./fake-demo";
import { FakeStoreArea } from "./fake-store";

/** What the real import planner works out; the wizard is sent only its `ImportPreview` part. */
type FakePlan = ImportPreview & { adds: PersonRow[]; unchanged: PersonRow[] };

type Command = keyof Backend;

export type FakeCall = { command: Command; args: unknown[] };

export type FakeOptions = {
  mode?: AppMode;
  accounts?: Account[];
  activeAccountId?: string | null;
  /** Milliseconds every call waits before answering (0 = next microtask). */
  delayMs?: number;
  people?: Person[];
  /** When set, started jobs work through one item every this many milliseconds. */
  jobStepMs?: number;
};

const FIRST = ["Ada", "Grace", "Alan", "Katherine", "Tim", "Margaret", "Linus", "Barbara", "Dennis", "Frances",
  "Ken", "Radia", "Edsger", "Hedy", "John", "Sophie", "Niklaus", "Anita", "Donald", "Lynn"];
const LAST = ["Lovelace", "Hopper", "Turing", "Johnson", "Berners-Lee", "Hamilton", "Torvalds", "Liskov",
  "Ritchie", "Allen", "Thompson", "Perlman", "Dijkstra", "Lamarr", "Backus", "Wilson", "Wirth", "Borg",
  "Knuth", "Conway"];
export const FAKE_GROUPS = ["Choir", "Staff", "Volunteers", "Youth", "Board", "Parents"];

/** `count` realistic people, the same ones every time (some provisioned, some failed, some inactive). */
export function generatePeople(count: number): Person[] {
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = FIRST[i % FIRST.length];
    const lastName = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const externalId = `P${String(i + 1).padStart(5, "0")}`;
    const groups = [FAKE_GROUPS[i % FAKE_GROUPS.length]];
    if (i % 7 === 0) groups.push(FAKE_GROUPS[(i + 2) % FAKE_GROUPS.length]);
    groups.sort((a, b) => a.localeCompare(b));
    const zoomRoll = i % 10;
    people.push({
      id: i + 1,
      externalId,
      email: `${firstName}.${lastName}.${i + 1}@example.org`.toLowerCase(),
      firstName,
      lastName,
      groups,
      active: i % 23 !== 5,
      zoom:
        zoomRoll < 5
          ? { userId: `zu_${externalId}`, kind: zoomRoll === 0 ? "linked" : "created", status: "provisioned", error: null }
          : zoomRoll === 5
            ? {
                userId: null,
                kind: null,
                status: "failed",
                error: "Zoom already has a user with this email address in another account.",
              }
            : null,
    });
  }
  return people;
}

export function fakePerson(overrides: Partial<Person> = {}): Person {
  return {
    id: 1,
    externalId: "P00001",
    email: "ada.lovelace@example.org",
    firstName: "Ada",
    lastName: "Lovelace",
    groups: ["Choir"],
    active: true,
    zoom: null,
    ...overrides,
  };
}

function notFound(what: string): BackendError {
  return new BackendError({ code: "NotFound", message: what, detail: null });
}

/** The fake's CSV reader: header `external_id,email,first_name,last_name,groups` (groups split by `;`). */
function readCsv(text: string): { rows: PersonRow[]; errors: RowError[] } {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const rows: PersonRow[] = [];
  const errors: RowError[] = [];
  for (let n = 1; n < lines.length; n++) {
    if (lines[n].trim() === "") continue;
    const cells = lines[n].split(",").map((c) => c.trim());
    const cell = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? "") : "");
    const line = n + 1;
    const rowErrors: RowError[] = [];
    if (!cell("external_id")) {
      rowErrors.push({ line, column: "external_id", reason: "The external id is empty. Every person needs one." });
    }
    const email = cell("email");
    if (!email) rowErrors.push({ line, column: "email", reason: "The email address is empty." });
    else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      rowErrors.push({ line, column: "email", reason: `"${email}" is not an email address.` });
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      line,
      externalId: cell("external_id"),
      email,
      firstName: cell("first_name"),
      lastName: cell("last_name"),
      groups: cell("groups")
        .split(";")
        .map((g) => g.trim())
        .filter(Boolean),
      active: null,
    });
  }
  return { rows, errors };
}

export const DEMO_ACCOUNT: Account = {
  id: "demo",
  name: "Northwind Community (demo)",
  accountId: "demo-account",
  clientId: "demo-client",
  plan: "business",
  apiBase: "http://127.0.0.1:38080/v2",
  oauthBase: "http://127.0.0.1:38080",
  isDemo: true,
};

export function fakeAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: "acct-1",
    name: "Main office",
    accountId: "AbCdEf123",
    clientId: "client-123",
    plan: "pro",
    apiBase: "https://api.zoom.us/v2",
    oauthBase: "https://zoom.us",
    isDemo: false,
    ...overrides,
  };
}

// Attendance and the person page live in fake-attendance.ts; their methods are spread in below.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface FakeBackend extends AttendanceCommands {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- meetings and attendance methods merge in
export class FakeBackend implements Backend {
  mode: AppMode;
  accounts: Account[];
  activeAccountId: string | null;
  delayMs: number;
  readonly calls: FakeCall[] = [];
  jobs: Job[] = [];
  jobItemsById = new Map<string, JobItem[]>();
  people: Person[];
  /** The "files" the fake can import, by path. */
  readonly files = new Map<string, string>();
  /** What the next chooseImportFile / chooseExportFile answers. */
  nextImportPath: string | null = null;
  nextExportPath: string | null = "/home/admin/people.csv";
  jobStepMs: number | null;
  private readonly progressListeners = new Set<(progress: JobProgress) => void>();
  /** Client secrets the fake "Zoom" accepts; empty means every non-empty secret works. */
  readonly acceptedSecrets = new Set<string>();
  private readonly failures = new Map<Command, AppError>();
  private nextId = 1;
  /** Attendance data and behaviour (fake-attendance.ts). */
  readonly attendance: FakeAttendance;

  constructor(options: FakeOptions = {}) {
    this.mode = options.mode ?? "firstRun";
    this.accounts = (options.accounts ?? []).map((a) => ({ ...a }));
    this.activeAccountId =
      options.activeAccountId !== undefined
        ? options.activeAccountId
        : this.mode === "connected"
          ? (this.accounts[0]?.id ?? null)
          : null;
    this.delayMs = options.delayMs ?? 0;
    this.people = (options.people ?? []).map((p) => ({ ...p }));
    this.jobStepMs = options.jobStepMs ?? null;
    this.attendance = new FakeAttendance({
      enter: (command, args) => this.enter(command, args),
      people: () => this.people,
      jobs: () => this.jobs,
      emit: (progress) => this.emitJobProgress(progress),
      newId: () => this.nextId++,
      stepMs: () => this.jobStepMs,
    });
    Object.assign(this, this.attendance.commands());
  }

  /** The next call of `command` fails with `error` (once). */
  failNext(command: Command, error: AppError): void {
    this.failures.set(command, error);
  }

  callsOf(command: Command): unknown[][] {
    return this.calls.filter((c) => c.command === command).map((c) => c.args);
  }

  private async enter(command: Command, args: unknown[]): Promise<void> {
    this.calls.push({ command, args });
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const failure = this.failures.get(command);
    if (failure) {
      this.failures.delete(command);
      throw new BackendError(failure);
    }
  }

  private status(): AppStatus {
    const activeAccount =
      this.mode === "demo"
        ? DEMO_ACCOUNT
        : this.mode === "connected"
          ? (this.accounts.find((a) => a.id === this.activeAccountId) ?? null)
          : null;
    return {
      mode: this.mode,
      activeAccount,
      dataDir: "/home/admin/.local/share/rollcall",
      version: "0.1.0",
    };
  }

  private find(id: string): Account {
    const account = this.accounts.find((a) => a.id === id);
    if (!account) {
      throw new BackendError({
        code: "NotFound",
        message: "That Zoom account is no longer saved in Rollcall.",
        detail: `no account with id ${id}`,
      });
    }
    return account;
  }

  async appStatus(): Promise<AppStatus> {
    await this.enter("appStatus", []);
    return this.status();
  }

  async startDemo(): Promise<AppStatus> {
    await this.enter("startDemo", []);
    this.mode = "demo";
    return this.status();
  }

  async leaveDemo(): Promise<AppStatus> {
    await this.enter("leaveDemo", []);
    this.mode = this.activeAccountId ? "connected" : "firstRun";
    return this.status();
  }

  async accountsList(): Promise<Account[]> {
    await this.enter("accountsList", []);
    return this.accounts.map((a) => ({ ...a }));
  }

  async accountsAdd(input: NewAccount): Promise<Account> {
    // Never record the secret itself.
    await this.enter("accountsAdd", [{ ...input, clientSecret: "<redacted>" }]);
    if (this.acceptedSecrets.size > 0 && !this.acceptedSecrets.has(input.clientSecret)) {
      throw new BackendError({
        code: "ZoomUnauthorized",
        message:
          "Zoom did not accept these credentials. Check the Account ID, Client ID and Client secret, and that the Server-to-Server OAuth app is activated in the Zoom App Marketplace.",
        detail: "POST /oauth/token: 400 invalid_client",
      });
    }
    const account: Account = {
      id: `acct-${this.nextId++}`,
      name: input.name,
      accountId: input.accountId,
      clientId: input.clientId,
      plan: input.plan,
      apiBase: input.apiBase ?? "https://api.zoom.us/v2",
      oauthBase: input.oauthBase ?? "https://zoom.us",
      isDemo: false,
    };
    this.accounts.push(account);
    return { ...account };
  }

  async accountsTest(id: string): Promise<ConnectionReport> {
    await this.enter("accountsTest", [id]);
    const account = id === DEMO_ACCOUNT.id ? DEMO_ACCOUNT : this.find(id);
    return {
      ownerEmail: "owner@example.org",
      ownerName: "Olivia Owner",
      plan: account.plan,
      accountId: account.accountId,
    };
  }

  async accountsRename(id: string, newName: string): Promise<Account> {
    await this.enter("accountsRename", [id, newName]);
    const account = this.find(id);
    if (newName.trim() === "") {
      throw new BackendError({
        code: "Validation",
        message: "The name can't be empty.",
        detail: null,
      });
    }
    account.name = newName.trim();
    return { ...account };
  }

  async accountsRemove(id: string): Promise<void> {
    await this.enter("accountsRemove", [id]);
    this.find(id);
    this.accounts = this.accounts.filter((a) => a.id !== id);
    if (this.activeAccountId === id) {
      this.activeAccountId = null;
      if (this.mode === "connected") this.mode = "firstRun";
    }
  }

  async jobsList(): Promise<Job[]> {
    await this.enter("jobsList", []);
    return this.jobs.map((j) => ({ ...j }));
  }

  async onJobProgress(listener: (progress: JobProgress) => void): Promise<() => void> {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Tests: publish a job progress event as the runner would. */
  emitJobProgress(progress: JobProgress): void {
    for (const listener of this.progressListeners) listener(progress);
  }

  async accountsUse(id: string): Promise<AppStatus> {
    await this.enter("accountsUse", [id]);
    this.find(id);
    this.activeAccountId = id;
    this.mode = "connected";
    return this.status();
  }

  async jobItems(id: string): Promise<JobItem[]> {
    await this.enter("jobItems", [id]);
    this.findJob(id);
    return (this.jobItemsById.get(id) ?? []).map((i) => ({ ...i }));
  }

  async jobPause(id: string): Promise<Job> {
    await this.enter("jobPause", [id]);
    return this.moveJob(id, { state: "paused", pauseReason: "Paused by you." });
  }

  async jobResume(id: string): Promise<Job> {
    await this.enter("jobResume", [id]);
    return this.moveJob(id, { state: "running", pauseReason: null, resumeAfter: null });
  }

  async jobCancel(id: string): Promise<Job> {
    await this.enter("jobCancel", [id]);
    return this.moveJob(id, { state: "cancelled", finishedAt: new Date().toISOString() });
  }

  async jobRetryFailed(id: string): Promise<Job> {
    await this.enter("jobRetryFailed", [id]);
    const items = this.jobItemsById.get(id) ?? [];
    const retried = items.filter((i) => i.state === "failed").length;
    for (const item of items) {
      if (item.state === "failed") Object.assign(item, { state: "pending", errorMessage: null });
    }
    const job = this.findJob(id);
    return this.moveJob(id, { state: "running", failed: job.failed - retried, finishedAt: null });
  }

  private findJob(id: string): Job {
    const job = this.jobs.find((j) => j.id === id);
    if (!job) throw notFound("That job is no longer in Rollcall's list.");
    return job;
  }

  private moveJob(id: string, change: Partial<Job>): Job {
    const job = this.findJob(id);
    Object.assign(job, change);
    this.emitJobProgress(this.progressOf(job));
    return { ...job };
  }

  progressOf(job: Job): JobProgress {
    return {
      jobId: job.id,
      kind: job.kind,
      title: job.title,
      state: job.state,
      done: job.done,
      failed: job.failed,
      total: job.total,
      ratePerMinute: null,
      secondsLeft: null,
      pauseReason: job.pauseReason,
    };
  }

  async peopleList(filter: PeopleFilter): Promise<Person[]> {
    await this.enter("peopleList", [filter]);
    const search = filter.search?.trim().toLowerCase() || null;
    const group = filter.group?.trim().toLowerCase() || null;
    return this.people
      .filter((p) => filter.status === "all" || p.active === (filter.status === "active"))
      .filter((p) => {
        const status = p.zoom?.status ?? null;
        switch (filter.provisioning) {
          case "provisioned":
            return status === "provisioned";
          case "not":
            return status !== "provisioned";
          case "failed":
            return status === "failed";
          case "all":
            return true;
        }
      })
      .filter((p) => !group || p.groups.some((g) => g.toLowerCase() === group))
      .filter(
        (p) =>
          !search ||
          [p.firstName, p.lastName, `${p.firstName} ${p.lastName}`, p.email, p.externalId].some((v) =>
            v.toLowerCase().includes(search),
          ),
      )
      .map((p) => ({ ...p, groups: [...p.groups], zoom: p.zoom ? { ...p.zoom } : null }));
  }

  async peopleGroups(): Promise<string[]> {
    await this.enter("peopleGroups", []);
    return [...new Set(this.people.flatMap((p) => p.groups))].sort((a, b) => a.localeCompare(b));
  }

  async chooseImportFile(): Promise<string | null> {
    await this.enter("chooseImportFile", []);
    return this.nextImportPath;
  }

  async chooseExportFile(): Promise<string | null> {
    await this.enter("chooseExportFile", []);
    return this.nextExportPath;
  }

  private plan(path: string): FakePlan {
    const text = this.files.get(path);
    if (text === undefined) {
      throw new BackendError({
        code: "Validation",
        message: `Rollcall can't open ${path}. Check the file is still there and try again.`,
        detail: "ENOENT",
      });
    }
    const { rows, errors } = readCsv(text);
    const plan: FakePlan = { adds: [], updates: [], unchanged: [], errors, warnings: [], counts: {
      adds: 0, updates: 0, unchanged: 0, rejectedRows: new Set(errors.map((e) => e.line)).size,
      errors: errors.length, warnings: 0 } };
    for (const row of rows) {
      const existing = this.people.find((p) => p.externalId === row.externalId);
      if (!existing) {
        plan.adds.push(row);
        continue;
      }
      const changes: FieldChange[] = (["email", "firstName", "lastName"] as const)
        .filter((f) => existing[f] !== row[f])
        .map((f) => ({ field: f, old: existing[f], new: row[f] }));
      if (existing.groups.join(";") !== row.groups.join(";")) {
        changes.push({ field: "groups", old: existing.groups.join("; "), new: row.groups.join("; ") });
      }
      if (changes.length > 0) plan.updates.push({ row, changes });
      else plan.unchanged.push(row);
    }
    plan.counts.adds = plan.adds.length;
    plan.counts.updates = plan.updates.length;
    plan.counts.unchanged = plan.unchanged.length;
    return plan;
  }

  async peopleImportPreview(path: string): Promise<ImportPreview> {
    await this.enter("peopleImportPreview", [path]);
    const { updates, errors, warnings, counts } = this.plan(path);
    return { updates, errors, warnings, counts };
  }

  async peopleImport(path: string): Promise<ImportResult> {
    await this.enter("peopleImport", [path]);
    const plan = this.plan(path);
    for (const row of plan.adds) {
      this.people.push({
        id: this.people.length + 1,
        externalId: row.externalId,
        email: row.email,
        firstName: row.firstName,
        lastName: row.lastName,
        groups: row.groups,
        active: row.active ?? true,
        zoom: null,
      });
    }
    for (const { row } of plan.updates) {
      const person = this.people.find((p) => p.externalId === row.externalId);
      if (person) Object.assign(person, { email: row.email, firstName: row.firstName, lastName: row.lastName, groups: row.groups });
    }
    return { counts: plan.counts, errors: plan.errors, warnings: plan.warnings };
  }

  async peopleExport(path: string): Promise<number> {
    await this.enter("peopleExport", [path]);
    return this.people.length;
  }

  private select(selection: PeopleSelection): Person[] {
    if (selection === "all") return this.people;
    if (selection.groups) {
      const wanted = new Set(selection.groups.map((g) => g.toLowerCase()));
      return this.people.filter((p) => p.groups.some((g) => wanted.has(g.toLowerCase())));
    }
    const wanted = new Set(selection.people ?? []);
    return this.people.filter((p) => wanted.has(p.externalId));
  }

  private startJob(kind: Job["kind"], title: string, people: Person[]): Job {
    const id = `job-${this.nextId++}`;
    const now = new Date().toISOString();
    const job: Job = {
      id, kind, title, state: "running", pauseReason: null, resumeAfter: null,
      total: people.length, done: 0, failed: 0, createdAt: now, startedAt: now, finishedAt: null,
    };
    this.jobs.unshift(job);
    this.jobItemsById.set(id, people.map((p, seq) => ({
      seq, key: `${kind}:${p.id}`, subject: String(p.id), label: `${p.firstName} ${p.lastName} <${p.email}>`,
      state: "pending", errorMessage: null, attempts: 0,
    })));
    this.emitJobProgress(this.progressOf(job));
    if (this.jobStepMs !== null) this.runJob(job, people);
    return { ...job };
  }

  /** Works through a job's items on a timer (for `vite dev` and the demo feel). */
  private runJob(job: Job, people: Person[]): void {
    const items = this.jobItemsById.get(job.id) ?? [];
    const timer = setInterval(() => {
      if (job.state === "paused") return;
      const item = items.find((i) => i.state === "pending");
      if (job.state !== "running" || !item) {
        clearInterval(timer);
        if (job.state === "running") {
          job.state = job.failed > 0 ? "failed" : "completed";
          job.finishedAt = new Date().toISOString();
          this.emitJobProgress(this.progressOf(job));
        }
        return;
      }
      const person = people[item.seq];
      item.attempts++;
      if (job.kind === "provision" && person.email.endsWith(".invalid")) {
        item.state = "failed";
        item.errorMessage = "Zoom refused the email address.";
        job.failed++;
      } else {
        item.state = "done";
        job.done++;
        if (job.kind === "provision") person.zoom = { userId: `zu_${person.externalId}`, kind: "created", status: "provisioned", error: null };
        if (job.kind === "deprovision" && person.zoom) person.zoom = { ...person.zoom, status: "deleted" };
      }
      this.emitJobProgress(this.progressOf(job));
    }, this.jobStepMs ?? 50);
  }

  async provisionStart(selection: PeopleSelection, mode: ProvisionMode): Promise<Job> {
    await this.enter("provisionStart", [selection, mode]);
    const people = this.select(selection).filter((p) => p.active && p.zoom?.status !== "provisioned");
    if (people.length === 0) {
      throw new BackendError({
        code: "Validation",
        message: "Everyone selected already has a Zoom user (or is inactive): there is nothing to provision.",
        detail: null,
      });
    }
    const title = mode === "createOrLink"
      ? `Provision ${people.length} people in Zoom`
      : `Link ${people.length} people to their Zoom users`;
    return this.startJob("provision", title, people);
  }

  async peopleSetActive(externalIds: string[], active: boolean): Promise<number> {
    await this.enter("peopleSetActive", [externalIds, active]);
    const people = this.select({ people: externalIds });
    for (const p of people) p.active = active;
    return people.length;
  }

  private createdInZoom(externalIds: string[]): Person[] {
    return this.select({ people: externalIds }).filter(
      (p) => p.zoom?.status === "provisioned" && p.zoom.kind === "created",
    );
  }

  async deprovisionPreview(externalIds: string[]): Promise<number> {
    await this.enter("deprovisionPreview", [externalIds]);
    return this.createdInZoom(externalIds).length;
  }

  async peopleDeactivate(externalIds: string[], deleteInZoom: boolean): Promise<Job | null> {
    await this.enter("peopleDeactivate", [externalIds, deleteInZoom]);
    const created = this.createdInZoom(externalIds);
    for (const p of this.select({ people: externalIds })) p.active = false;
    if (!deleteInZoom || created.length === 0) return null;
    return this.startJob("deprovision", `Delete ${created.length} Zoom users of deactivated people`, created);
  }

  // home (fake-home.ts)
  /** Upcoming meetings and warnings Home shows besides what the fake's own state gives. */
  homeExtras: FakeHomeExtras = emptyHomeExtras();

  async homeSummary(): Promise<HomeSummary> {
    await this.enter("homeSummary", []);
    return fakeHomeSummary(this, this.homeExtras);
  }

  async openDataFolder(): Promise<void> {
    await this.enter("openDataFolder", []);
  }

  // demo
  async demoActOut(meetingRef: string): Promise<ActOutSummary> {
    await this.enter("demoActOut", [meetingRef]);
    return fakeActOut(this.mode, meetingRef);
  }
  // Settings → Data: see fake-store.ts.
  readonly dataStore = new FakeStoreArea(this, (command, args) => this.enter(command, args));
  storeDataFolder = () => this.dataStore.dataFolder();
  chooseBackupFile = () => this.dataStore.chooseBackupFile();
  chooseRestoreFile = () => this.dataStore.chooseRestoreFile();
  storeBackup = (path: string) => this.dataStore.backup(path);
  storeRestore = (path: string) => this.dataStore.restore(path);
}

// Meetings and invitations: the behaviour lives in fake-meetings.ts; tests reach its
// state with `meetingsOf(backend)`.
import { fakeMeetingMethods } from "./fake-meetings";
type FakeMeetingMethods = typeof fakeMeetingMethods;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface FakeBackend extends FakeMeetingMethods {}
Object.assign(FakeBackend.prototype, fakeMeetingMethods);
