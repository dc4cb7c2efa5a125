// Following a job a page or tab started.
import type { Backend, Job, JobProgress } from "$lib/ipc/backend";

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

/**
 * Follows the job a page started and hands each of its progress reports to `onProgress`.
 *
 * A quick job can report its progress, even its end, before the start command's answer (with
 * the job's id) reaches the page; progress heard for a job not followed yet is kept, and
 * `follow` applies the latest of it instead of the (older) state in the answer. Without this
 * the page would stay on "running" for a job that has already finished.
 */
export class JobFollower {
  private current: string | null = null;
  // Plain data, not state: nothing on screen depends on it.
  private early: Record<string, JobProgress> = {};

  constructor(private readonly onProgress: (progress: JobProgress) => void) {}

  /** Every progress report the backend sends (for any job). */
  heard(progress: JobProgress): void {
    if (progress.jobId === this.current) this.onProgress(progress);
    else this.early[progress.jobId] = progress;
  }

  /** Follow the job a start command answered with. */
  follow(job: Job): void {
    this.current = job.id;
    const heard = this.early[job.id];
    this.early = {};
    this.onProgress(heard ?? progressOf(job));
  }

  /** Listen to the backend's progress reports; returns the function that stops listening
   * (for an `$effect`'s cleanup). */
  listen(backend: Pick<Backend, "onJobProgress">): () => void {
    let stop: (() => void) | undefined;
    let alive = true;
    backend
      .onJobProgress((progress) => this.heard(progress))
      .then((unlisten) => (alive ? (stop = unlisten) : unlisten()))
      .catch(() => {});
    return () => {
      alive = false;
      stop?.();
    };
  }
}
