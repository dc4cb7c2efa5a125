// The one interface the UI talks to. Components never import `@tauri-apps/*`; they get a
// `Backend` from Svelte context (see context.ts): the Tauri one in the app, the fake in tests.
// The types come from the generated bindings (type-only, so tests never load Tauri). Where
// tauri-specta emits two shapes, the UI uses the one Rust sends (`_Serialize`: every field
// present) and sends the strict one too.
import type {
  Account,
  AppError_Serialize,
  AppStatus_Serialize,
  ConnectionReport,
  ErrorCode,
  Job_Serialize,
  JobItem_Serialize,
  JobProgress_Serialize,
  NewAccount_Serialize,
  HomeSummary_Serialize,
  UpcomingMeeting_Serialize,
  Warning_Serialize,
} from "./bindings";
import type {
  ImportPreview,
  ImportResult,
  PeopleFilter,
  PeopleSelection,
  Person,
  ProvisionMode,
} from "./people-types";
import type { DataFolder, StoreBackup, StoreRestore } from "./bindings";

export type { Account, AppMode, ConnectionReport, ErrorCode, ItemState, JobKind, JobState, Plan } from "./bindings";
// demo
export type { ActOutSummary, SessionCounts } from "./bindings";
import type { ActOutSummary } from "./bindings";
export type * from "./people-types";
export type AppError = AppError_Serialize;
export type AppStatus = AppStatus_Serialize;
export type NewAccount = NewAccount_Serialize;
export type Job = Job_Serialize;
export type JobProgress = JobProgress_Serialize;
export type JobItem = JobItem_Serialize;
// home
export type { ActionTarget, MeetingSection, WarningAction, WarningKind } from "./bindings";
export type HomeSummary = HomeSummary_Serialize;
export type UpcomingMeeting = UpcomingMeeting_Serialize;
export type Warning = Warning_Serialize;

// Meetings and invitations.
import type {
  Invitation_Serialize,
  InviteOutcome_Serialize,
  Meeting_Serialize,
  MeetingInput_Deserialize,
  MeetingLink_Serialize,
  MeetingSettings_Serialize,
  Stranger_Serialize,
} from "./bindings";
export type {
  AuthenticatedLinkInfo,
  Difference,
  DifferenceKind,
  Drift,
  Host,
  InvitationStatus,
  LinkFormat,
  MeetingKind,
  MeetingStatus,
  Occurrence,
  Recurrence,
  RecurrenceEnd,
  RecurrencePattern,
  RegistrationKind,
  RevealedLink,
  Skipped,
  Switch,
  Weekday,
} from "./bindings";
import type { Host, LinkFormat, RevealedLink, Switch } from "./bindings";
export type Meeting = Meeting_Serialize;
export type MeetingInput = MeetingInput_Deserialize;
export type MeetingSettings = MeetingSettings_Serialize;
export type Invitation = Invitation_Serialize;
export type InviteOutcome = InviteOutcome_Serialize;
export type MeetingLink = MeetingLink_Serialize;
export type Stranger = Stranger_Serialize;
export type { DataFolder, StoreBackup, StoreRestore };

export interface Backend {
  appStatus(): Promise<AppStatus>;
  startDemo(): Promise<AppStatus>;
  leaveDemo(): Promise<AppStatus>;
  accountsList(): Promise<Account[]>;
  /** Tests the connection first; on failure nothing is saved and a BackendError says why. */
  accountsAdd(input: NewAccount): Promise<Account>;
  accountsTest(id: string): Promise<ConnectionReport>;
  accountsRename(id: string, newName: string): Promise<Account>;
  /** Also removes the account's client secret from the system keychain. */
  accountsRemove(id: string): Promise<void>;
  /** Makes the account the active one, leaving demo mode. */
  accountsUse(id: string): Promise<AppStatus>;
  jobsList(): Promise<Job[]>;
  jobItems(id: string): Promise<JobItem[]>;
  jobPause(id: string): Promise<Job>;
  jobResume(id: string): Promise<Job>;
  jobCancel(id: string): Promise<Job>;
  /** Puts the failed items back and runs them again. */
  jobRetryFailed(id: string): Promise<Job>;

  peopleList(filter: PeopleFilter): Promise<Person[]>;
  /** The groups that have at least one member, by name. */
  peopleGroups(): Promise<string[]>;
  /** Asks for a CSV file to import (native dialog); `null` when the admin cancels. */
  chooseImportFile(): Promise<string | null>;
  /** Asks where to save the export (native dialog); `null` when the admin cancels. */
  chooseExportFile(): Promise<string | null>;
  /** A dry run: what the file would add, update and leave alone, and every rejected row. */
  peopleImportPreview(path: string): Promise<ImportPreview>;
  /** Imports the good rows; the rejected ones come back with line, column and reason. */
  peopleImport(path: string): Promise<ImportResult>;
  /** Writes the whole directory as CSV; resolves to how many people were written. */
  peopleExport(path: string): Promise<number>;
  /** Starts the job that creates or links Zoom users for the selection. */
  provisionStart(selection: PeopleSelection, mode: ProvisionMode): Promise<Job>;
  /** Marks people active or inactive (nothing changes in Zoom); resolves to how many changed. */
  peopleSetActive(externalIds: string[], active: boolean): Promise<number>;
  /** How many Zoom users Rollcall created for these people (what deactivating could delete). */
  deprovisionPreview(externalIds: string[]): Promise<number>;
  /** Deactivates; with `deleteInZoom`, also starts the job deleting the Zoom users Rollcall created. */
  peopleDeactivate(externalIds: string[], deleteInZoom: boolean): Promise<Job | null>;

  /** Calls `listener` after every job item and state change; resolves to "stop listening". */
  onJobProgress(listener: (progress: JobProgress) => void): Promise<() => void>;

  // Meetings and invitations. A meeting reference is the local meeting number or the
  // Zoom meeting id, as text.
  /** The account's licensed users: who can host an invite-only meeting. */
  meetingsHosts(): Promise<Host[]>;
  /** The invite-only switches, each with its one plain sentence and its preset value. */
  meetingSwitches(): Promise<Switch[]>;
  meetingsList(): Promise<Meeting[]>;
  meetingGet(meeting: string): Promise<Meeting>;
  /** Creates it in Zoom; Zoom's refusals come back as a BackendError with the reason. */
  meetingCreate(input: MeetingInput): Promise<Meeting>;
  meetingUpdate(meeting: string, input: MeetingInput): Promise<Meeting>;
  /** Deletes it in Zoom (everyone's links stop working) and marks it deleted here. */
  meetingDelete(meeting: string): Promise<void>;
  meetingImport(zoomMeetingId: string): Promise<Meeting>;
  /** Compares with Zoom; what differs comes back in `drift`. */
  meetingRefresh(meeting: string): Promise<Meeting>;
  meetingsRefresh(): Promise<Meeting[]>;
  invitationsList(meeting: string): Promise<Invitation[]>;
  meetingLinks(meeting: string): Promise<MeetingLink[]>;
  /** Starts the registration job in the background (progress arrives through onJobProgress). */
  inviteStart(meeting: string, selection: PeopleSelection, occurrences: string[] | null): Promise<InviteOutcome>;
  /** Starts the job that cancels these people's registrations in Zoom. */
  uninviteStart(meeting: string, selection: PeopleSelection): Promise<InviteOutcome>;
  /** People waiting for approval who are not invited (shown before closing the door). */
  meetingStrangers(meeting: string): Promise<Stranger[]>;
  /** Starts the job that turns every stranger away. */
  closeDoorStart(meeting: string): Promise<InviteOutcome>;
  /** Asks where to save the links (native dialog); `null` when the admin cancels. */
  chooseLinksExportFile(format: LinkFormat): Promise<string | null>;
  /** Writes everyone's links to `path`; resolves to how many people. */
  linksExport(meeting: string, format: LinkFormat, authenticated: boolean, path: string): Promise<number>;
  /** Makes one person's authenticated link now. Show it only when asked; never keep it. */
  authenticatedLink(meeting: string, externalId: string): Promise<RevealedLink>;
  /** Puts text on the system clipboard. */
  copyText(text: string): Promise<void>;
  // home
  /** Upcoming meetings, jobs running or failed, and the warnings that need action. */
  homeSummary(): Promise<HomeSummary>;
  /** Opens the data folder in the system's file manager. */
  openDataFolder(): Promise<void>;
  // Attendance and the person page (a meeting is named by its local number or Zoom meeting id).
  /** The ended instances Rollcall knows for a meeting, oldest first. */
  attendanceInstances(meeting: string): Promise<AttendanceInstance[]>;
  /** One instance's attendance (`uuid` null: the latest instance). */
  attendanceInstance(meeting: string, uuid: string | null): Promise<InstanceView>;
  /** Starts the job fetching the meeting's ended instances (`force`: fetch them all again). */
  attendanceSyncStart(meeting: string, force: boolean): Promise<Job>;
  /** Starts a refresh of every recent meeting; `null` when one runs already or nothing is due. */
  attendanceSyncRecent(): Promise<Job | null>;
  /** Rows nobody could be tied to, grouped by what identifies them, with suggestions. */
  attendanceReview(meeting: string): Promise<ReviewEntry[]>;
  /** Ties an alias to a person or a guest (a match rule), applied at once. */
  attendanceDecide(meeting: string, alias: Alias, decision: Decision): Promise<DecisionOutcome>;
  /** Removes a decision's rule; resolves to how many instances were reconciled again. */
  attendanceUndo(rule: RuleId): Promise<number>;
  attendancePerson(externalId: string): Promise<PersonAttendance>;
  /** A group's attendance over the instances scheduled in `[from, to)` (RFC 3339). */
  attendanceGroup(group: string, from: string, to: string): Promise<AttendanceTotals>;
  attendanceSettings(): Promise<AttendanceSettings>;
  attendanceSettingsSet(settings: AttendanceSettings): Promise<AttendanceSettings>;
  /** Asks where to save an attendance export (native dialog); `null` when the admin cancels. */
  chooseAttendanceExportFile(format: ExportFormat, suggestedName: string): Promise<string | null>;
  /** Writes every instance's attendance of the meeting to `path`. */
  attendanceExport(meeting: string, format: ExportFormat, path: string): Promise<void>;
  personGet(externalId: string): Promise<Person>;
  /** Changes email, names and groups (checked like an import); the external id stays. */
  personUpdate(externalId: string, edit: PersonEdit): Promise<Person>;
  /** The person's invitations to the active account's meetings, newest meeting first. */
  personInvitations(externalId: string): Promise<PersonInvitation[]>;
  // demo
  /** Demo only: plays a realistic session of the meeting in the simulated Zoom and ends it. */
  demoActOut(meetingRef: string): Promise<ActOutSummary>;
  // Settings → Data: the local store, backed up and restored.
  /** Where the local data lives (folder, file, size). */
  storeDataFolder(): Promise<DataFolder>;
  /** Asks where to save a backup (native dialog); `null` when the admin cancels. */
  chooseBackupFile(): Promise<string | null>;
  /** Asks for a backup to restore (native dialog); `null` when the admin cancels. */
  chooseRestoreFile(): Promise<string | null>;
  /** Writes a checked copy of the local data to `path` (safe while jobs run). */
  storeBackup(path: string): Promise<StoreBackup>;
  /** Replaces all local data with the backup at `path`, keeping the current data in a backup first. */
  storeRestore(path: string): Promise<StoreRestore>;
}

/** A failed command: carries the backend's AppError unchanged. */
export class BackendError extends Error {
  readonly appError: AppError;

  constructor(appError: AppError) {
    super(appError.message);
    this.name = "BackendError";
    this.appError = appError;
  }

  get code(): ErrorCode {
    return this.appError.code;
  }
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "ZoomNotConnected",
  "ZoomUnauthorized",
  "ZoomMissingScope",
  "ZoomRateLimited",
  "ZoomPlanRequired",
  "ZoomUnavailable",
  "ZoomNetwork",
  "KeychainUnavailable",
  "Validation",
  "NotFound",
  "Conflict",
  "Database",
  "Unknown",
  "AlreadyOpen",
]);

function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string";
}

/** Whatever was thrown, as an AppError the UI can show (unknown shapes become `Unknown`). */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof BackendError) return thrown.appError;
  if (isAppError(thrown)) {
    const code = ERROR_CODES.has(thrown.code) ? thrown.code : "Unknown";
    return { code, message: thrown.message, detail: thrown.detail ?? null };
  }
  const detail =
    thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown ?? "");
  return { code: "Unknown", message: "Something went wrong inside Rollcall.", detail };
}

// Attendance and the person page: types (see attendance-types.ts).
import type {
  Alias,
  AttendanceInstance,
  AttendanceSettings,
  AttendanceTotals,
  Decision,
  DecisionOutcome,
  ExportFormat,
  InstanceView,
  PersonAttendance,
  PersonEdit,
  PersonInvitation,
  ReviewEntry,
  RuleId,
} from "./attendance-types";
export type * from "./attendance-types";
