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
  JobProgress_Serialize,
  NewAccount_Serialize,
} from "./bindings";

export type { Account, AppMode, ConnectionReport, ErrorCode, JobState, Plan } from "./bindings";
export type AppError = AppError_Serialize;
export type AppStatus = AppStatus_Serialize;
export type NewAccount = NewAccount_Serialize;
export type Job = Job_Serialize;
export type JobProgress = JobProgress_Serialize;

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
  /** Calls `listener` after every job item and state change; resolves to "stop listening". */
  onJobProgress(listener: (progress: JobProgress) => void): Promise<() => void>;
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
