import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Job, JobProgress } from "$lib/ipc/backend";
import { renderWith, setup } from "$lib/testing/render";
import JobArea from "./JobArea.svelte";

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: "j1",
    kind: "provision",
    title: "Create Zoom users for 40 people",
    state: "running",
    pauseReason: null,
    resumeAfter: null,
    total: 40,
    done: 10,
    failed: 0,
    createdAt: "2026-01-01T00:00:00Z",
    startedAt: "2026-01-01T00:00:01Z",
    finishedAt: null,
    ...overrides,
  };
}

function progress(overrides: Partial<JobProgress> = {}): JobProgress {
  return {
    jobId: "j1",
    kind: "provision",
    title: "Create Zoom users for 40 people",
    state: "running",
    done: 11,
    failed: 0,
    total: 40,
    ratePerMinute: null,
    secondsLeft: null,
    pauseReason: null,
    ...overrides,
  };
}

describe("JobArea", () => {
  it("says when nothing is running", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(JobArea, app);
    expect(screen.getByText("No background work running.")).toBeInTheDocument();
  });

  it("shows running jobs and follows their progress", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.jobs = [job(), job({ id: "old", title: "Old", state: "completed" })];
    renderWith(JobArea, app);

    expect(await screen.findByText("10 of 40")).toBeInTheDocument();
    expect(screen.queryByText("Old")).toBeNull();

    app.backend.emitJobProgress(progress({ done: 20, failed: 1 }));
    expect(await screen.findByText("21 of 40, 1 failed")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: /21 of 40/ })).toHaveAttribute("value", "21");

    app.backend.emitJobProgress(progress({ state: "paused", pauseReason: "Zoom's daily limit is reached" }));
    expect(await screen.findByText("Paused: Zoom's daily limit is reached")).toBeInTheDocument();
  });

  it("shows a finished job for a moment, then clears it", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(JobArea, app, { finishedVisibleMs: 20 });

    app.backend.emitJobProgress(progress({ state: "completed", done: 40 }));
    expect(await screen.findByText("Done")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText("No background work running.")).toBeInTheDocument());
  });
});
