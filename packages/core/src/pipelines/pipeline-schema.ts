import * as z from "zod";
import { PROMPT_LIMITS } from "../prompts/prompt-schema.ts";
import { configObject, configRecord, configText, mustBe, wholeNumber } from "../schemas/config-schema.ts";
import { jsonObjectSchema } from "../schemas/json-object-schema.ts";

/** The plans a pipeline's `tiers` may name (CONTRACT.md "Auth and tiers"). */
export const PIPELINE_PLANS = ["free", "pro", "premium"] as const;

/** Where a data worker reads from: the caller's settings, or their earlier results of the same pipeline (kept as verified facts). */
export const DATA_SOURCES = ["settings", "earlierResults"] as const;

const slug = () => configText().refine((name) => /^[a-z0-9][a-z0-9_-]*$/.test(name), { error: mustBe("a slug (a-z, 0-9, _ and -)") });
const promptSlug = () => configText().refine((name) => PROMPT_LIMITS.slugPattern.test(name), { error: mustBe("a template's slug (a-z, 0-9 and -)") });

const messageSchema = configObject({
  role: z.enum(["system", "user", "assistant"], { error: mustBe(`"system", "user" or "assistant"`) }),
  /** `{{input.field}}`, `{{parts.worker}}` and `{{draft}}` are filled in when the call is made. */
  content: configText(),
});

const messagesSchema = z.array(messageSchema, { error: mustBe("an array of {role, content}") }).min(1, "must hold at least one message");
const routesSchema = z.array(configText(), { error: mustBe("an array of profile names or provider/model ids") });

/**
 * A prompt template (CONTRACT.md "Prompt templates"), rendered as a chat
 * request's `prompt` is. A string variable may hold placeholders; one that
 * is a single `{{path}}` takes that value whole (a number stays a number).
 */
const promptRefSchema = configObject({
  name: promptSlug(),
  version: wholeNumber(1).optional(),
  label: promptSlug().optional(),
  variables: configRecord(z.unknown()).default({}),
});

/** Reference material fitted to `tokens` by priority (`fitContext`): `from` is a placeholder path to an array of `{text, priority}`. */
const contextSchema = configObject({
  from: configText().refine((path) => /^(input|parts)(\.[\w-]+)+$/.test(path), { error: mustBe("a path such as input.references") }),
  tokens: wholeNumber(1).max(1_000_000, "must be at most 1000000"),
});

/** What a model call of a pipeline names: its route (a profile or `provider/model`), its prompt, its answer's shape, its fallbacks. */
const modelCallShape = {
  profile: configText(),
  /** Rendered before `messages`, as a chat request's `prompt` is; a call has a prompt, messages or both. */
  prompt: promptRefSchema.optional(),
  messages: messagesSchema.optional(),
  context: contextSchema.optional(),
  /** JSON Schema of the answer: asked as `response_format` json_schema and kept as JSON. Absent: the answer is text. */
  outputSchema: jsonObjectSchema.optional(),
  /** Tried in order when `profile` has no candidate left (each a `fallback` event). */
  routes: routesSchema.optional(),
};

const promptOrMessages = (call: { prompt?: unknown; messages?: unknown }, ctx: z.RefinementCtx) => {
  if (call.prompt === undefined && call.messages === undefined) ctx.addIssue({ code: "custom", path: ["messages"], message: "is required for a model call (or give a `prompt`)" });
};

/**
 * A model worker's answer kept per key (e.g. `{{input.destination}}`: the
 * location validations of a city) and reused by the owner's later jobs
 * without a model call.
 */
const cacheSchema = configObject({
  key: configText(),
  ttlSeconds: wholeNumber(60).max(2_592_000, "must be at most 2592000 (30 days)").default(604_800),
});

/** One worker of a stage: a model call (`kind` "model", the default) or a read of what Chorus holds (`kind` "data"). */
const workerSchema = configObject({
  name: slug(),
  kind: z.enum(["model", "data"], { error: mustBe(`"model" or "data"`) }).default("model"),
  profile: modelCallShape.profile.optional(),
  prompt: modelCallShape.prompt,
  messages: modelCallShape.messages,
  context: modelCallShape.context,
  outputSchema: modelCallShape.outputSchema,
  routes: modelCallShape.routes,
  cache: cacheSchema.optional(),
  source: z.enum(DATA_SOURCES, { error: mustBe(DATA_SOURCES.map((source) => `"${source}"`).join(" or ")) }).optional(),
}).superRefine((worker, ctx) => {
  const required = worker.kind === "model" ? ["profile"] as const : ["source"] as const;
  const refused = worker.kind === "model" ? ["source"] as const : ["profile", "prompt", "messages", "context", "outputSchema", "routes", "cache"] as const;
  for (const key of required) if (worker[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: `is required for a ${worker.kind} worker` });
  for (const key of refused) if (worker[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `is not allowed on a ${worker.kind} worker` });
  if (worker.kind === "model") promptOrMessages(worker, ctx);
});

const stageSchema = configObject({
  name: slug(),
  workers: z.array(workerSchema, { error: mustBe("an array of workers") }).min(1, "must hold at least one worker"),
  /** Merges the stage's parts into one draft; without it the draft is `{worker: output}`. */
  aggregator: configObject(modelCallShape).superRefine(promptOrMessages).optional(),
});

const supervisorSchema = configObject({
  profile: configText(),
  rubric: configText(),
  /** A merged draft scored at or above this (0-10) is approved. */
  threshold: z.number({ error: mustBe("a number from 0 to 10") }).min(0, { error: mustBe("a number from 0 to 10") }).max(10, { error: mustBe("a number from 0 to 10") }),
  maxRevisions: wholeNumber(0).max(5, "must be at most 5").default(2),
  routes: routesSchema.optional(),
});

/**
 * Tried when a model worker's `profile` and all its `routes` have failed:
 * the first of `routes` that answers (one available model), given the
 * worker's prompt plus the verified facts, what the data worker `facts` reads.
 */
const emergencySchema = configObject({
  routes: routesSchema.min(1, "must name at least one route"),
  facts: slug().optional(),
});

/** What a plan runs: the workers (by name; absent: all), whether the supervisor reviews, how often a draft is revised, step retries. */
const tierSchema = configObject({
  workers: z.array(configText(), { error: mustBe("an array of worker names") }).optional(),
  supervisor: z.boolean({ error: mustBe("true or false") }).optional(),
  maxRevisions: wholeNumber(0).max(5, "must be at most 5").optional(),
  retries: wholeNumber(0).max(10, "must be at most 10").optional(),
});

/** One pipeline as declared in `config/pipelines/<name>.json` (CONTRACT.md "Pipelines and jobs"). */
export const pipelineSchema = configObject({
  name: slug(),
  description: configText(),
  /** JSON Schema of a job's `input` (checked by `checkPipelineInput`). */
  input: jsonObjectSchema,
  stages: z.array(stageSchema, { error: mustBe("an array of stages") }).min(1, "must hold at least one stage"),
  supervisor: supervisorSchema.optional(),
  emergency: emergencySchema.optional(),
  tiers: configRecord(tierSchema, {
    key: (plan) => ((PIPELINE_PLANS as readonly string[]).includes(plan) ? undefined : `unknown plan "${plan}" (one of ${PIPELINE_PLANS.join(", ")})`),
  }).optional(),
});

type ParsedWorker = z.output<typeof workerSchema>;
export type PipelineMessage = z.output<typeof messageSchema>;
export type PipelinePromptRef = z.output<typeof promptRefSchema>;
export type PipelineContext = z.output<typeof contextSchema>;
export type PipelineCache = z.output<typeof cacheSchema>;
export type PipelineEmergency = z.output<typeof emergencySchema>;

/** A model call of a pipeline: a worker's, an aggregator's or the supervisor's. */
export interface ModelCall {
  profile: string;
  prompt?: PipelinePromptRef | undefined;
  /** After the rendered prompt, if any. */
  messages?: PipelineMessage[] | undefined;
  context?: PipelineContext | undefined;
  outputSchema?: Record<string, unknown> | undefined;
  routes?: string[] | undefined;
}

export type ModelWorker = ModelCall & { name: string; kind: "model"; cache?: PipelineCache | undefined };
export type DataWorker = { name: string; kind: "data"; source: (typeof DATA_SOURCES)[number] };
export type PipelineWorker = ModelWorker | DataWorker;
export type PipelineStage = Omit<z.output<typeof stageSchema>, "workers"> & { workers: PipelineWorker[] };
export type PipelineSupervisor = z.output<typeof supervisorSchema>;
export type PipelineTier = z.output<typeof tierSchema>;
export type PipelinePlan = (typeof PIPELINE_PLANS)[number];
export type Pipeline = Omit<z.output<typeof pipelineSchema>, "stages"> & { stages: PipelineStage[] };

/** The parsed worker as its kind's type (the schema's refinement has checked the fields). */
export function toPipelineWorker(worker: ParsedWorker): PipelineWorker {
  if (worker.kind === "data") return { name: worker.name, kind: "data", source: worker.source! };
  const { source: _source, kind: _kind, ...call } = worker;
  return { ...call, kind: "model", profile: worker.profile! };
}
