// The one table that turns an error code into how loud to be and, sometimes, a button that
// takes the admin where the fix is. It never adds words to the message: the backend's
// `message` already says what happened and what to do next (the CLI prints it alone).
import type { AppError, ErrorCode } from "./ipc/backend";

export type Severity = "error" | "warning" | "info";

/** A place in the app where the admin can act on the error. */
export type ErrorAction = { label: string; href: string };

export type ErrorTreatment = { severity: Severity; action: ErrorAction | null };

const OPEN_ACCOUNTS: ErrorAction = { label: "Open Zoom accounts", href: "/settings" };

export const ERROR_TABLE: Record<ErrorCode, ErrorTreatment> = {
  ZoomNotConnected: { severity: "warning", action: OPEN_ACCOUNTS },
  ZoomUnauthorized: { severity: "error", action: OPEN_ACCOUNTS },
  ZoomMissingScope: { severity: "error", action: OPEN_ACCOUNTS },
  ZoomRateLimited: { severity: "warning", action: null },
  ZoomPlanRequired: { severity: "warning", action: OPEN_ACCOUNTS },
  ZoomUnavailable: { severity: "warning", action: null },
  ZoomNetwork: { severity: "warning", action: null },
  KeychainUnavailable: { severity: "error", action: null },
  Validation: { severity: "warning", action: null },
  NotFound: { severity: "warning", action: null },
  Conflict: { severity: "warning", action: null },
  Database: { severity: "error", action: null },
  Unknown: { severity: "error", action: null },
  AlreadyOpen: { severity: "warning", action: null },
};

export function treatmentFor(error: AppError): ErrorTreatment {
  return ERROR_TABLE[error.code] ?? ERROR_TABLE.Unknown;
}
