import type { JobEvent, JobInfo, JobQuality, JobReview, JobStatus, PipelineInfo } from "@chorus/sdk";

/** `skipped`: the job ended without it (a plan's tier leaves the review out, or the job stopped before it); `stopped`: cut short by a cancel or a failure. */
export type StepState = "pending" | "running" | "done" | "skipped" | "stopped";

/** One line of the stage list: a stage of the pipeline, or the supervisor's review. */
export interface JobStep {
  name: string;
  state: StepState;
  /** E.g. "revision 1 of key-points" while the supervisor's named parts are redone. */
  note?: string;
}

/** What the job view shows, from the job as last read and its events since. */
export interface JobViewState {
  status: JobStatus;
  progress: number;
  stage: string | null;
  steps: JobStep[];
  draft: unknown;
  result: unknown;
  quality: JobQuality;
  review: JobReview | null;
  fallbacks: { stage: string; route: string; reason: string }[];
  error: { code: string; message: string } | null;
}

/** The review's line in the stage list. */
export const REVIEW_STEP = "review";

const TERMINAL: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);

export const isFinished = (status: JobStatus) => TERMINAL.has(status);

/** The job's state before any event: as `GET /v1/jobs/{id}` had it, its steps from the pipeline's description. */
export function initialJobView(job: JobInfo, pipeline: PipelineInfo | undefined): JobViewState {
  const steps: JobStep[] = (pipeline?.stages ?? []).map((stage) => ({ name: stage.name, state: "pending" }));
  if (pipeline?.supervisor) steps.push({ name: REVIEW_STEP, state: "pending" });
  return {
    status: job.status, progress: job.progress, stage: job.stage, steps, draft: job.draft, result: job.result, quality: job.quality,
    review: null, fallbacks: [], error: job.error,
  };
}

function withStep(steps: JobStep[], name: string, state: StepState, note?: string): JobStep[] {
  const step: JobStep = note === undefined ? { name, state } : { name, state, note };
  const at = steps.findIndex((candidate) => candidate.name === name);
  if (at === -1) {
    // A stage the description did not list goes before the review, which comes last.
    const review = steps.findIndex((candidate) => candidate.name === REVIEW_STEP);
    return review === -1 ? [...steps, step] : [...steps.slice(0, review), step, ...steps.slice(review)];
  }
  return steps.map((candidate, index) => (index === at ? step : candidate));
}

/** The steps once the job has ended: what was running is done (or, when the job did not succeed, stopped), what never started was skipped. */
const settled = (steps: JobStep[], succeeded: boolean): JobStep[] =>
  steps.map(({ name, state }) => ({ name, state: state === "pending" ? "skipped" : state === "running" && !succeeded ? "stopped" : state === "running" ? "done" : state }));

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * The state after one event. Every event brings status and progress; the
 * others add what they carry; a type this console does not know changes
 * nothing else. Events replayed from the first rebuild the same state.
 */
export function applyJobEvent(state: JobViewState, event: JobEvent): JobViewState {
  const { data } = event;
  const next: JobViewState = { ...state, status: data.status ?? state.status, progress: typeof data.progress === "number" ? data.progress : state.progress };
  const stage = text(data.stage);
  switch (event.type) {
    case "stage.started":
      return stage ? { ...next, stage, steps: withStep(state.steps, stage, "running") } : next;
    case "stage.completed": {
      if (!stage) return next;
      const steps = withStep(state.steps, stage, "done");
      // The review has no event of its own when it starts: it runs once every stage is done.
      const reviewing = steps.every((step) => step.name === REVIEW_STEP ? step.state === "pending" : step.state === "done");
      return { ...next, steps: reviewing && steps.some((step) => step.name === REVIEW_STEP) ? withStep(steps, REVIEW_STEP, "running") : steps };
    }
    case "draft":
      return { ...next, draft: data.draft };
    case "review": {
      const review = data.review ?? null;
      const quality = review ? { score: review.score, approved: review.approved, revisions: state.quality.revisions } : state.quality;
      return { ...next, review, quality, steps: withStep(state.steps, REVIEW_STEP, "done") };
    }
    case "revision": {
      const parts = Array.isArray(data.parts) ? data.parts.join(", ") : "";
      const round = typeof data.round === "number" ? data.round : state.quality.revisions + 1;
      return { ...next, quality: { ...state.quality, revisions: round }, steps: withStep(state.steps, REVIEW_STEP, "running", `revision ${round}${parts && ` of ${parts}`}`) };
    }
    case "fallback":
      return { ...next, fallbacks: [...state.fallbacks, { stage: stage ?? "", route: text(data.route) ?? "", reason: text(data.reason) ?? "" }] };
    case "job.succeeded":
      return { ...next, stage: null, result: data.result, quality: data.quality ?? state.quality, steps: settled(state.steps, true) };
    case "job.failed":
      return { ...next, stage: null, error: data.error ?? state.error, steps: settled(state.steps, false) };
    case "job.cancelled":
      return { ...next, stage: null, steps: settled(state.steps, false) };
    default:
      return next;
  }
}
