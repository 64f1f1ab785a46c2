// Renders the jobs rows (issue 14) of BENCHMARKS.md from measureJobs' results (jobs.mjs).
import { JOB_DELAYS_MS } from "./jobs.mjs";
import { percentile } from "./tally.mjs";

/** Issue 14: a job's wall time over its critical path, per job. */
export const JOB_OVERHEAD_TARGET_MS = 20;
/** Above this, the time between a call's answer and the next step's call is the batch windows (below), not the steps. */
const WINDOW_BOUND_MS = 30;

const fixed = (value, digits = 2) => (value === undefined ? "n/a" : value.toFixed(digits));
const table = (head, rows) => [`| ${head.join(" | ")} |`, `|${head.map(() => " --- ").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");

const PHASES = [
  ["accepted", "`POST /v1/jobs` answered (202)", "the job's D1 row, `job.queued` in its log, the Workflow instance created"],
  ["beforeWorkers", "from the POST to the first worker's upstream call", "the above, the instance's start, `job.started` and `stage.started` written (log and row), each worker's step and the chat path up to its fetch"],
  ["workersSpread", "the parallel workers' calls, beyond the slowest", "how much later the slowest call started than the first, or ended later than its own duration"],
  ["workersToAggregate", "from the slowest worker's answer to the aggregator's call", "the worker steps ending, the aggregator's step and its chat path"],
  ["aggregateToReview", "from the aggregator's answer to the review's call", "the aggregator's step ending, `stage.completed` and `draft` written, the review's step and its chat path"],
  ["reviewToTerminal", "from the review's answer to `job.succeeded` on the stream", "the review's step ending, `review` and `job.succeeded` written, the event read by the SSE reader and sent"],
];

const p50Of = (jobs, pick) => percentile(jobs.map(pick), 50);

export function jobsMethod(plan) {
  const { a, b, aggregate, review } = JOB_DELAYS_MS;
  return `- **Jobs** (issue 14): the pipeline \`bench-job\` (given as \`PIPELINES\`): a stage of two model workers in parallel, its aggregator, then the supervisor's review (approved at once), every call \`openai/gpt-bench\` with a fake directive of its own: \`~firstTokenMs=${a}\` and \`=${b}\` for the workers, \`=${aggregate}\` for the aggregator and \`=${review}\` for the review, so the critical path is about ${Math.max(a, b) + aggregate + review} ms. The fake runs in a process of its own (bench/timed-fake-process.ts) that times each call from its arrival to the end of its answer; a job's critical path is the sum over its steps of the slowest call of the step as the fake timed them, its wall time runs from sending \`POST /v1/jobs\` to receiving \`job.succeeded\` on \`GET /v1/jobs/{id}/events\` (opened as soon as the POST is answered), and its overhead is the difference. ${plan.warmup} untimed then ${plan.samples} timed jobs per party, one at a time, the parties taking turns; the one caller's JWT, with the same raised \`PLAN_LIMITS\`. A job counts when it succeeds with event ids 1, 2, 3, ... and exactly the four upstream calls. Served by a Chorus of its own on workerd directly and by \`npm start\`, both started after the other phases, against a fake of their own.`;
}

export function jobsSection(parties, jobs) {
  if (!jobs || parties.every(({ name }) => !jobs.has(name))) return "Not measured: no Chorus for the jobs started.";
  const measured = parties.filter(({ name }) => jobs.has(name));
  const targets = table(["party", "jobs", "wall p50 ms", "critical path p50 ms", "overhead p50 ms", "overhead p99 ms", "target", "result", "errors"], measured.map(({ name, label }) => {
    const result = jobs.get(name);
    const overhead = p50Of(result.jobs, (job) => job.overhead);
    const verdict = overhead === undefined ? "not measured" : overhead <= JOB_OVERHEAD_TARGET_MS ? "**pass**" : "**FAIL**";
    return [label, result.jobs.length, fixed(p50Of(result.jobs, (job) => job.wall)), fixed(p50Of(result.jobs, (job) => job.critical)), fixed(overhead),
      fixed(percentile(result.jobs.map((job) => job.overhead), 99)), `≤ ${JOB_OVERHEAD_TARGET_MS} ms per job`, verdict, result.errors];
  }));
  const phases = table(["phase (p50 ms)", "what runs there", ...measured.map(({ label }) => label)], PHASES.map(([key, phase, what]) => [
    phase, what, ...measured.map(({ name }) => fixed(p50Of(jobs.get(name).jobs, (job) => job.phases[key]))),
  ]));
  const problems = measured.filter(({ name }) => jobs.get(name).problem).map(({ name, label }) => `- ${label}: the first failed job: ${jobs.get(name).problem}`);
  const windowBound = measured.some(({ name }) => p50Of(jobs.get(name).jobs, (job) => job.phases.workersToAggregate) > WINDOW_BOUND_MS);
  return [
    targets,
    "",
    "Where a job's overhead goes: the phases between its upstream calls, which add up to the overhead (each a p50 of its own, so the p50s need not add up exactly). Accepted is part of the second phase, shown alone.",
    "",
    phases,
    ...(problems.length > 0 ? ["", ...problems] : []),
    "",
    windowBound
      ? "Most of the overhead is not the Workflow's steps (each event's step, and each call's step beyond its call, took 1 to 3 ms when instrumented): it is that each model call's step awaits its call's after-answer work (`callModel` in workers/gateway/src/jobs/job-model-call.ts awaits `pending`), and that work is the usage row and the breaker report, which wait in windows of up to 50 ms for company before they go to D1 and the Breaker object together (`USAGE_BATCH_WINDOW_MS`, `BREAKER_BATCH_WINDOW_MS`). A chat request lets that window run after its response; a job's step holds the job for it, once per call on the critical path."
      : "What is left is the Workflow's steps (an event each, a call each), the chat path of each call, and the SSE reader.",
  ].join("\n");
}
