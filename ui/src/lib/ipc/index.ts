// Picks the backend for the running app: Tauri inside the desktop shell; the in-memory fake
// only when the dev server is opened in a plain browser (handy for working on layouts).
import { isTauri } from "@tauri-apps/api/core";
import type { Backend } from "./backend";
import { FakeBackend, generatePeople } from "./fake";
import { createTauriBackend } from "./tauri";

export function createBackend(): Backend {
  if (isTauri() || !import.meta.env.DEV) return createTauriBackend();
  console.warn("Rollcall: not running inside Tauri; using the in-memory fake backend.");
  return new FakeBackend({ delayMs: 400, people: generatePeople(10_000), jobStepMs: 200 });
}
