// Following a job a meeting tab started.
import type { Job, JobProgress } from "$lib/ipc/backend";

export function progressOf(job: Job): JobProgress {
  return {
    jobId: job.id,
    kind: job.kind,
    title: job.title,
    state: job.state,
    done: job.done,
    failed: job.failed,
    total: job.total,
    ratePerMinute: null,
    secondsLeft: null,
    pauseReason: job.pauseReason,
  };
}

export function isFinished(p: Pick<JobProgress, "state">): boolean {
  return !["queued", "running", "paused"].includes(p.state);
}
