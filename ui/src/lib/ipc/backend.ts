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
} from "./bindings";
import type {
  ImportPlan,
  ImportResult,
  PeopleFilter,
  PeopleSelection,
  Person,
  ProvisionMode,
} from "./people-types";
import type { DataFolder, StoreBackup, StoreRestore } from "./bindings";

export type { Account, AppMode, ConnectionReport, ErrorCode, ItemState, JobKind, JobState, Plan } from "./bindings";
export type * from "./people-types";
export type AppError = AppError_Serialize;
export type AppStatus = AppStatus_Serialize;
export type NewAccount = NewAccount_Serialize;
export type Job = Job_Serialize;
export type JobProgress = JobProgress_Serialize;
export type JobItem = JobItem_Serialize;
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
  peopleImportPreview(path: string): Promise<ImportPlan>;
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
