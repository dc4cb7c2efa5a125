import { describe, expect, it } from "vitest";
import type { Job, JobProgress } from "$lib/ipc/backend";
import { JobFollower, isFinished, progressOf } from "./jobs";

const job = (id: string): Job =>
  ({ id, kind: "attendanceSync", title: `Job ${id}`, state: "queued", done: 0, failed: 0, total: 3, pauseReason: null }) as unknown as Job;

describe("JobFollower", () => {
  it("hands on the followed job's progress, and only its", () => {
    const seen: JobProgress[] = [];
    const follower = new JobFollower((p) => seen.push(p));
    follower.follow(job("a"));
    follower.heard({ ...progressOf(job("b")), state: "running" });
    follower.heard({ ...progressOf(job("a")), state: "running", done: 1 });
    expect(seen.map((p) => [p.jobId, p.state])).toEqual([["a", "queued"], ["a", "running"]]);
  });

  it("applies progress heard before the start's answer instead of the answer's older state", () => {
    const seen: JobProgress[] = [];
    const follower = new JobFollower((p) => seen.push(p));
    follower.heard({ ...progressOf(job("a")), state: "running", done: 1 });
    follower.heard({ ...progressOf(job("a")), state: "completed", done: 3 });
    follower.follow(job("a"));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ jobId: "a", state: "completed", done: 3 });
    expect(isFinished(seen[0])).toBe(true);
  });
});
