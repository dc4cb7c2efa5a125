import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Job, JobItem } from "$lib/ipc/backend";
import { renderWith, setup } from "$lib/testing/render";
import { ownTimeZone } from "$lib/meetings";
import JobsPage from "./JobsPage.svelte";

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: "j1",
    kind: "provision",
    title: "Provision 40 people in Zoom",
    state: "running",
    pauseReason: null,
    resumeAfter: null,
    total: 40,
    done: 10,
    failed: 0,
    createdAt: "2026-01-01T09:00:00Z",
    startedAt: "2026-01-01T09:00:01Z",
    finishedAt: null,
    ...overrides,
  };
}

function item(seq: number, overrides: Partial<JobItem> = {}): JobItem {
  return {
    seq,
    key: `provision:${seq}`,
    subject: String(seq),
    label: `Person ${seq} <p${seq}@example.org>`,
    state: "done",
    errorMessage: null,
    attempts: 1,
    ...overrides,
  };
}

const row = (id: string) => screen.getAllByTestId("jobs-row").find((r) => r.dataset.jobId === id) as HTMLElement;

describe("JobsPage", () => {
  it("lists jobs with a plain state, progress, failures and why one is paused", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.jobs = [
      job(),
      job({
        id: "j2",
        title: "Provision 900 people in Zoom",
        state: "paused",
        total: 900,
        done: 500,
        failed: 3,
        pauseReason: "Zoom's daily limit for creating users is reached",
        resumeAfter: "2026-01-02T00:05:00Z",
      }),
    ];
    renderWith(JobsPage, app);

    expect(await screen.findByRole("progressbar", { name: /Provision 40 people in Zoom: 10 of 40/ })).toHaveAttribute("value", "10");
    expect(within(row("j1")).getByTestId("job-state")).toHaveTextContent("Running");
    expect(within(row("j2")).getByTestId("job-state")).toHaveTextContent("Paused");
    expect(within(row("j2")).getByTestId("job-counts")).toHaveTextContent("503 of 900 handled, 3 failed");
    expect(within(row("j2")).getByTestId("job-pause")).toHaveTextContent(
      /Paused: Zoom's daily limit for creating users is reached\. Resumes by itself at /,
    );
  });

  it("names the zone of the times it shows", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.jobs = [job({ state: "completed", done: 40, finishedAt: "2026-01-01T09:30:00Z" })];
    renderWith(JobsPage, app);
    const times = await waitFor(() => row("j1").querySelector(".times") as HTMLElement);
    const zone = ownTimeZone();
    expect(times.textContent).toContain(`(${zone}`);
    expect(times.textContent!.split(`(${zone}`)).toHaveLength(3);
  });

  it("pauses, resumes, cancels after confirming, and retries failures", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.jobs = [job(), job({ id: "j3", title: "Old run", state: "failed", done: 38, failed: 2 })];
    app.backend.jobItemsById.set("j3", [item(1), item(2, { state: "failed", errorMessage: "Zoom refused the email address." })]);
    renderWith(JobsPage, app);
    const user = userEvent.setup();
    await screen.findByText("Provision 40 people in Zoom");

    await user.click(within(row("j1")).getByRole("button", { name: "Pause" }));
    await waitFor(() => expect(within(row("j1")).getByTestId("job-state")).toHaveTextContent("Paused"));
    await user.click(within(row("j1")).getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(within(row("j1")).getByTestId("job-state")).toHaveTextContent("Running"));

    await user.click(within(row("j1")).getByRole("button", { name: "Cancel…" }));
    const dialog = screen.getByRole("dialog", { name: "Cancel this job?" });
    expect(dialog).toHaveTextContent("the 30 items not handled yet are skipped");
    await user.click(within(dialog).getByRole("button", { name: "Keep it running" }));
    expect(app.backend.callsOf("jobCancel")).toHaveLength(0);
    await user.click(within(row("j1")).getByRole("button", { name: "Cancel…" }));
    await user.click(screen.getByRole("button", { name: "Cancel the job" }));
    await waitFor(() => expect(within(row("j1")).getByTestId("job-state")).toHaveTextContent("Cancelled"));
    expect(app.backend.callsOf("jobCancel")).toEqual([["j1"]]);

    await user.click(within(row("j3")).getByRole("button", { name: "Retry 2 failed" }));
    await waitFor(() => expect(within(row("j3")).getByTestId("job-state")).toHaveTextContent("Running"));
    expect(app.backend.callsOf("jobRetryFailed")).toEqual([["j3"]]);
  });

  it("shows a job's items, with a filter for the failed ones", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.jobs = [job({ state: "failed", done: 2, failed: 1, total: 3 })];
    app.backend.jobItemsById.set("j1", [
      item(1),
      item(2, { state: "failed", errorMessage: "Zoom refused the email address." }),
      item(3),
    ]);
    renderWith(JobsPage, app);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Show items" }));

    const filter = screen.getByRole("checkbox", { name: "Only failed items" });
    expect(filter).toBeChecked();
    await waitFor(() => expect(screen.getAllByTestId("job-item")).toHaveLength(1));
    expect(screen.getByTestId("job-item")).toHaveTextContent("Person 2 <p2@example.org>FailedZoom refused the email address.");
    await user.click(filter);
    expect(screen.getAllByTestId("job-item")).toHaveLength(3);
  });

  it("follows live progress", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.jobs = [job()];
    renderWith(JobsPage, app);
    await screen.findByText("Provision 40 people in Zoom");

    app.backend.emitJobProgress({ ...app.backend.progressOf(job()), done: 39, failed: 1 });
    await waitFor(() => expect(within(row("j1")).getByTestId("job-counts")).toHaveTextContent("40 of 40 handled, 1 failed"));
    app.backend.emitJobProgress({ ...app.backend.progressOf(job()), state: "failed", done: 39, failed: 1 });
    await waitFor(() => expect(within(row("j1")).getByTestId("job-state")).toHaveTextContent("Finished with failures"));
    expect(within(row("j1")).getByRole("button", { name: "Retry 1 failed" })).toBeInTheDocument();
  });
});
