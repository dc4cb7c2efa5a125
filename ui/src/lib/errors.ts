// The one table that turns an error code into how loud to be and what the admin can do about it.
// The backend's `message` says what happened; `action` here says what to do next.
import type { AppError, ErrorCode } from "./ipc/backend";

export type Severity = "error" | "warning" | "info";

export type ErrorAdvice = { severity: Severity; action: string };

export const ERROR_ADVICE: Record<ErrorCode, ErrorAdvice> = {
  ZoomNotConnected: {
    severity: "warning",
    action: "Connect a Zoom account in Settings → Zoom accounts, or try the demo.",
  },
  ZoomUnauthorized: {
    severity: "error",
    action: "Check the client secret, and that the app is activated in the Zoom Marketplace.",
  },
  ZoomMissingScope: {
    severity: "error",
    action:
      "In the Zoom Marketplace, open the app's Scopes page, add the scopes listed in the guide, then try again.",
  },
  ZoomRateLimited: {
    severity: "warning",
    action: "Zoom is limiting requests for your account right now. Wait a minute, then try again.",
  },
  ZoomPlanRequired: {
    severity: "warning",
    action:
      "Your Zoom plan doesn't include this. Check the plan chosen for this account, or upgrade the plan in Zoom.",
  },
  ZoomUnavailable: {
    severity: "warning",
    action: "Zoom isn't answering properly at the moment. Try again in a few minutes.",
  },
  ZoomNetwork: {
    severity: "warning",
    action: "Check this computer's internet connection (and the base URLs under Advanced), then try again.",
  },
  KeychainUnavailable: {
    severity: "error",
    action:
      "Rollcall keeps client secrets in the system keychain. Unlock the keychain (or sign in to the desktop again), then try again.",
  },
  Validation: {
    severity: "warning",
    action: "Correct the highlighted information, then try again.",
  },
  NotFound: {
    severity: "warning",
    action: "It may have been removed in the meantime. Reload the list and try again.",
  },
  Conflict: {
    severity: "warning",
    action: "Something with the same details already exists. Use a different name, or use the existing one.",
  },
  Database: {
    severity: "error",
    action:
      "Rollcall couldn't read or write its data folder. Check there is free disk space, then restart Rollcall.",
  },
  Unknown: {
    severity: "error",
    action: "Try again. If it keeps happening, copy the technical details below and send them to your support contact.",
  },
};

export function adviceFor(error: AppError): ErrorAdvice {
  return ERROR_ADVICE[error.code] ?? ERROR_ADVICE.Unknown;
}
