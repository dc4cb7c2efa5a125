// The real backend: Tauri commands. The only module (with index.ts) that imports @tauri-apps/*.
import { invoke } from "@tauri-apps/api/core";
import { BackendError, toAppError, type Backend } from "./backend";
import type { Account, AppStatus, ConnectionReport, NewAccount } from "./types";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (thrown) {
    throw new BackendError(toAppError(thrown));
  }
}

export function createTauriBackend(): Backend {
  return {
    appStatus: () => call<AppStatus>("app_status"),
    startDemo: () => call<AppStatus>("start_demo"),
    leaveDemo: () => call<AppStatus>("leave_demo"),
    accountsList: () => call<Account[]>("accounts_list"),
    accountsAdd: (input: NewAccount) => call<Account>("accounts_add", { input }),
    accountsTest: (id: string) => call<ConnectionReport>("accounts_test", { id }),
    accountsRename: (id: string, newName: string) =>
      call<Account>("accounts_rename", { id, newName }),
    accountsRemove: (id: string) => call<null>("accounts_remove", { id }).then(() => undefined),
    accountsUse: (id: string) => call<AppStatus>("accounts_use", { id }),
  };
}
