// Hand-written mirror of the command contract, used until tauri-specta's `bindings.ts` exists.
// When it does, these come from there instead (see tauri.ts) and this file goes away.

export type ErrorCode =
  | "ZoomNotConnected"
  | "ZoomUnauthorized"
  | "ZoomMissingScope"
  | "ZoomRateLimited"
  | "ZoomPlanRequired"
  | "ZoomUnavailable"
  | "ZoomNetwork"
  | "KeychainUnavailable"
  | "Validation"
  | "NotFound"
  | "Conflict"
  | "Database"
  | "Unknown";

export type AppError = { code: ErrorCode; message: string; detail: string | null };

export type Plan = "free" | "pro" | "business";

export type AppMode = "firstRun" | "demo" | "connected";

export type Account = {
  id: string;
  name: string;
  accountId: string;
  clientId: string;
  plan: Plan;
  apiBase: string;
  oauthBase: string;
  isDemo: boolean;
};

export type AppStatus = {
  mode: AppMode;
  activeAccount: Account | null;
  dataDir: string;
  version: string;
};

export type NewAccount = {
  name: string;
  accountId: string;
  clientId: string;
  clientSecret: string;
  plan: Plan;
  apiBase: string | null;
  oauthBase: string | null;
};

export type ConnectionReport = {
  ownerEmail: string;
  ownerName: string;
  plan: Plan;
  accountId: string;
};
