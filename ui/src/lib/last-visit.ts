// What a page showed on its last visit, so a page opened again shows it at once and refreshes it
// in the background (stale while it revalidates) instead of starting blank and waiting for the
// backend: on a 5,000-person directory that wait is the whole directory over IPC.
//
// Kept per backend (a WeakMap, not a module-level map), so each component test's fresh fake
// backend starts with nothing remembered; in the app the backend lives as long as the window.
// Kept per scope too (the session's mode and account, `Session.scope`): a visit remembered in
// the demo or under another account is never shown after a switch (a real account's page must
// not flash the demo's people), and switching forgets the old scope's lists altogether.

const visits = new WeakMap<object, { scope: string; answers: Map<string, unknown> }>();

/** What `key` answered on the last visit with this backend in this scope, if anything. */
export function lastVisit<T>(backend: object, scope: string, key: string): T | undefined {
  const kept = visits.get(backend);
  return kept?.scope === scope ? (kept.answers.get(key) as T | undefined) : undefined;
}

/** Remembers what `key` answered for the next visit in this scope (another scope's are dropped). */
export function rememberVisit<T>(backend: object, scope: string, key: string, value: T): void {
  let kept = visits.get(backend);
  if (!kept || kept.scope !== scope) {
    kept = { scope, answers: new Map() };
    visits.set(backend, kept);
  }
  kept.answers.set(key, value);
}

/**
 * Forgets what keys starting with `prefix` answered, in every scope: after a change this window
 * made itself (an import, an edit), the next visit waits for the fresh answer instead of
 * showing a list known to be out of date (and a dialog opened on it, e.g. Provision's groups).
 */
export function forgetVisits(backend: object, prefix: string): void {
  const kept = visits.get(backend);
  if (!kept) return;
  for (const key of [...kept.answers.keys()]) if (key.startsWith(prefix)) kept.answers.delete(key);
}
