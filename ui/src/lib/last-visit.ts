// What a page showed on its last visit, so a page opened again shows it at once and refreshes it
// in the background (stale while it revalidates) instead of starting blank and waiting for the
// backend: on a 5,000-person directory that wait is the whole directory over IPC.
//
// Kept per backend (a WeakMap, not a module-level map), so each component test's fresh fake
// backend starts with nothing remembered; in the app the backend lives as long as the window.

const visits = new WeakMap<object, Map<string, unknown>>();

/** What `key` answered on the last visit with this backend, if anything. */
export function lastVisit<T>(backend: object, key: string): T | undefined {
  return visits.get(backend)?.get(key) as T | undefined;
}

/** Remembers what `key` answered for the next visit. */
export function rememberVisit<T>(backend: object, key: string, value: T): void {
  let map = visits.get(backend);
  if (!map) {
    map = new Map();
    visits.set(backend, map);
  }
  map.set(key, value);
}
