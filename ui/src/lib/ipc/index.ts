// Picks the backend for the running app: Tauri inside the desktop shell; the in-memory fake
// only when the dev server is opened in a plain browser (handy for working on layouts).
import { isTauri } from "@tauri-apps/api/core";
import type { Backend } from "./backend";
import { FakeBackend, generatePeople } from "./fake";
import { createTauriBackend } from "./tauri";
import { generateMeetingAttendance } from "./fake-attendance";

export function createBackend(): Backend {
  if (isTauri() || !import.meta.env.DEV) return createTauriBackend();
  console.warn("Rollcall: not running inside Tauri; using the in-memory fake backend.");
  const fake = new FakeBackend({ delayMs: 400, people: generatePeople(10_000), jobStepMs: 200 });
  // What "choosing a file" picks in the browser: a small export with two bad rows and one update.
  fake.files.set(
    "/home/admin/Downloads/members.csv",
    [
      "external_id,email,first_name,last_name,groups",
      "P00001,ada.lovelace.1@example.org,Ada,King,Choir",
      "N-1,new.person@example.org,Nora,New,Youth",
      "N-2,not-an-email,Ned,Bad,Youth",
      ",no.id@example.org,Nina,Noid,Staff",
    ].join("\n"),
  );
  fake.nextImportPath = "/home/admin/Downloads/members.csv";
  // Attendance to look at: meeting 1 (Zoom id 81234567890), 300 people, four weekly instances.
  fake.attendance.meetings = [generateMeetingAttendance(fake.people.slice(0, 300), { instances: 4 })];
  return fake;
}
