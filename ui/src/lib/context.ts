import { getContext, setContext } from "svelte";
import type { Backend } from "./ipc/backend";
import type { Session } from "./session.svelte";

const KEY = Symbol("rollcall");

export type AppContext = { backend: Backend; session: Session };

export function setAppContext(value: AppContext): void {
  setContext(KEY, value);
}

function app(): AppContext {
  const value = getContext<AppContext | undefined>(KEY);
  if (!value) throw new Error("Rollcall's app context is missing (setAppContext not called).");
  return value;
}

export const getBackend = (): Backend => app().backend;
export const getSession = (): Session => app().session;

/** For component tests: the context map `render(..., { context })` expects. */
export function appContextMap(value: AppContext): Map<unknown, unknown> {
  return new Map<unknown, unknown>([[KEY, value]]);
}
