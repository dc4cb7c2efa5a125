// The fake backend's Home: jobs and failed provisioning come from the fake's own state (so a
// test that fails people or starts a job sees Home follow), meetings and the other warnings
// from `homeExtras`, which tests set.
import type { HomeSummary, Job, Person, UpcomingMeeting, Warning } from "./backend";

export type FakeHomeExtras = {
  upcoming: UpcomingMeeting[];
  /** Warnings besides failed provisioning (daily limits, drift, review, links). */
  warnings: Warning[];
};

export function emptyHomeExtras(): FakeHomeExtras {
  return { upcoming: [], warnings: [] };
}

export function fakeHomeSummary(state: { jobs: Job[]; people: Person[] }, extras: FakeHomeExtras): HomeSummary {
  const open = state.jobs.filter((j) => j.state === "queued" || j.state === "running" || j.state === "paused");
  const failedJobs = state.jobs.filter((j) => j.state === "failed");
  const warnings: Warning[] = [...extras.warnings];
  const failed = state.people.filter((p) => p.active && p.zoom?.status === "failed").length;
  if (failed > 0) {
    warnings.push({
      kind: "provisioningFailed",
      message: `${failed === 1 ? "1 person has" : `${failed} people have`} no Zoom user because creating or linking it failed. The People page shows each reason; fix it there, then provision them again.`,
      action: { label: failed === 1 ? "Show them" : "Show these people", target: { page: "peopleFailed" } },
      at: null,
      count: failed,
    });
  }
  return {
    upcoming: extras.upcoming.map((m) => ({ ...m })),
    jobs: [...open, ...failedJobs].map((j) => ({ ...j })),
    warnings,
  };
}

/** A meeting for `homeExtras.upcoming`. */
export function fakeUpcoming(overrides: Partial<UpcomingMeeting> = {}): UpcomingMeeting {
  return {
    meetingId: 1,
    topic: "Board meeting",
    occurrenceId: null,
    startTime: "2026-12-01T14:00:00Z",
    startLocal: "2026-12-01 15:00",
    timezone: "Europe/Berlin",
    durationMinutes: 60,
    invited: 12,
    inProgress: false,
    ...overrides,
  };
}
