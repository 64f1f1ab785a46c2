import type { JobEvent, PipelineInfo } from "@chorus/sdk";
import { useState } from "preact/hooks";
import { chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { JobOutput } from "../components/job-output.tsx";
import { applyJobEvent, initialJobView, isFinished } from "../job-view-state.ts";
import { useJobEvents } from "../use-job-events.ts";
import { useResource } from "../use-resource.ts";

const STEP_LABEL = { pending: "waiting", running: "running", done: "done", skipped: "skipped", stopped: "stopped" } as const;
/** Events after which the job's row has new routes, usage or a final state to read. */
const REREAD = new Set(["stage.completed", "review", "job.succeeded", "job.failed", "job.cancelled"]);

/**
 * One job, live: its progress and stages from the job's events (SSE), the
 * draft as soon as the first stage has one, then the final result, the
 * supervisor's score, the routes taken and the usage; cancel while it runs.
 */
export function JobView({ id, pipelines, onFinished }: { id: string; pipelines: PipelineInfo[] | undefined; onFinished: () => void }) {
  const job = useResource(() => chorus.jobs.get(id), [id]);
  const [cancelError, setCancelError] = useState<unknown>();
  const [cancelling, setCancelling] = useState(false);
  const stream = useJobEvents(id, (event: JobEvent) => {
    if (REREAD.has(event.type)) job.reload();
    if (event.type === "job.succeeded" || event.type === "job.failed" || event.type === "job.cancelled") onFinished();
  });

  if (!job.data) return <section class="card job-view" aria-label="Job">{job.error ? <ErrorMessage error={job.error} /> : <p class="muted" role="status">Loading the job…</p>}</section>;
  const pipeline = pipelines?.find((candidate) => candidate.name === job.data!.pipeline);
  const state = stream.events.reduce(applyJobEvent, initialJobView(job.data, pipeline));
  const finished = isFinished(state.status);

  async function cancel() {
    setCancelError(undefined);
    setCancelling(true);
    try {
      await chorus.jobs.cancel(id);
    } catch (failure) {
      setCancelError(failure);
    } finally {
      setCancelling(false);
    }
  }

  return (
    <section class="card job-view" aria-label="Job">
      <div class="row spread">
        <h2>{job.data.pipeline} <span class={`status ${state.status}`} data-testid="job-status">{state.status}</span></h2>
        {!finished && <button type="button" class="danger" onClick={cancel} disabled={cancelling}>{cancelling ? "Cancelling…" : "Cancel job"}</button>}
      </div>
      <div class="progress-row">
        <progress max={100} value={state.progress} aria-label="Job progress" />
        <output aria-live="polite" data-testid="job-progress">{state.progress}%</output>
      </div>
      <ErrorMessage error={cancelError ?? stream.error} />
      {state.error && <p class="error" role="alert">{state.error.message} <small>({state.error.code})</small></p>}
      <ol class="steps" aria-label="Stages">
        {state.steps.map((step) => (
          <li key={step.name} data-state={step.state}>
            <strong>{step.name}</strong> <span class="muted">{STEP_LABEL[step.state]}{step.note && ` · ${step.note}`}</span>
          </li>
        ))}
      </ol>
      {state.result !== null && state.result !== undefined && state.status === "succeeded"
        ? (
          <>
            <JobOutput title="Final result" value={state.result} />
            {state.draft !== null && state.draft !== undefined && <details><summary>First draft</summary><JobOutput title="Draft" value={state.draft} /></details>}
          </>
        )
        : state.draft !== null && state.draft !== undefined && <JobOutput title="Draft" value={state.draft} />}
      {state.quality.score !== null && (
        <dl class="facts" aria-label="Quality">
          <div><dt>Quality score</dt><dd data-testid="quality-score">{state.quality.score}/10</dd></div>
          <div><dt>Approved</dt><dd>{state.quality.approved ? "yes" : "no"}</dd></div>
          <div><dt>Revisions</dt><dd>{state.quality.revisions}</dd></div>
          {state.review?.notes && <div><dt>Supervisor's notes</dt><dd>{state.review.notes}</dd></div>}
        </dl>
      )}
      {(job.data.routes.length > 0 || state.fallbacks.length > 0) && (
        <div class="table-scroll">
          <table aria-label="Routes taken">
            <thead><tr><th>Stage</th><th>Route</th><th>Why</th></tr></thead>
            <tbody>
              {job.data.routes.map((route, at) => <tr key={`r${at}`}><td>{route.stage}</td><td>{route.route}</td><td>{route.reason}</td></tr>)}
              {state.fallbacks.map((route, at) => <tr key={`f${at}`} class="fallback"><td>{route.stage}</td><td>{route.route} (fallback)</td><td>{route.reason}</td></tr>)}
            </tbody>
          </table>
        </div>
      )}
      <p class="muted">
        {job.data.usage.tokensIn} tokens in · {job.data.usage.tokensOut} out · ${job.data.usage.costUsd.toFixed(4)}
        {stream.live && !finished && " · live"}
      </p>
    </section>
  );
}
