import * as z from "zod";
import { configObject, configRecord, configText, mustBe, wholeNumber } from "../schemas/config-schema.ts";
import { jsonObjectSchema } from "../schemas/json-object-schema.ts";

/** The plans a pipeline's `tiers` may name (CONTRACT.md "Auth and tiers"). */
export const PIPELINE_PLANS = ["free", "pro", "premium"] as const;

/** Where a data worker reads from: the caller's settings, or their earlier results of the same pipeline (kept as verified facts). */
export const DATA_SOURCES = ["settings", "earlierResults"] as const;

const slug = () => configText().refine((name) => /^[a-z0-9][a-z0-9_-]*$/.test(name), { error: mustBe("a slug (a-z, 0-9, _ and -)") });

const messageSchema = configObject({
  role: z.enum(["system", "user", "assistant"], { error: mustBe(`"system", "user" or "assistant"`) }),
  /** `{{input.field}}`, `{{parts.worker}}` and `{{draft}}` are filled in when the call is made. */
  content: configText(),
});

const messagesSchema = z.array(messageSchema, { error: mustBe("an array of {role, content}") }).min(1, "must hold at least one message");
const routesSchema = z.array(configText(), { error: mustBe("an array of profile names or provider/model ids") });

/** What a model call of a pipeline names: its route (a profile or `provider/model`), its prompt, its answer's shape, its fallbacks. */
const modelCallShape = {
  profile: configText(),
  messages: messagesSchema,
  /** JSON Schema of the answer: asked as `response_format` json_schema and kept as JSON. Absent: the answer is text. */
  outputSchema: jsonObjectSchema.optional(),
  /** Tried in order when `profile` has no candidate left (each a `fallback` event). */
  routes: routesSchema.optional(),
};

/** One worker of a stage: a model call (`kind` "model", the default) or a read of what Chorus holds (`kind` "data"). */
const workerSchema = configObject({
  name: slug(),
  kind: z.enum(["model", "data"], { error: mustBe(`"model" or "data"`) }).default("model"),
  profile: modelCallShape.profile.optional(),
  messages: modelCallShape.messages.optional(),
  outputSchema: modelCallShape.outputSchema,
  routes: modelCallShape.routes,
  source: z.enum(DATA_SOURCES, { error: mustBe(DATA_SOURCES.map((source) => `"${source}"`).join(" or ")) }).optional(),
}).superRefine((worker, ctx) => {
  const required = worker.kind === "model" ? ["profile", "messages"] as const : ["source"] as const;
  const refused = worker.kind === "model" ? ["source"] as const : ["profile", "messages", "outputSchema", "routes"] as const;
  for (const key of required) if (worker[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: `is required for a ${worker.kind} worker` });
  for (const key of refused) if (worker[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `is not allowed on a ${worker.kind} worker` });
});

const stageSchema = configObject({
  name: slug(),
  workers: z.array(workerSchema, { error: mustBe("an array of workers") }).min(1, "must hold at least one worker"),
  /** Merges the stage's parts into one draft; without it the draft is `{worker: output}`. */
  aggregator: configObject(modelCallShape).optional(),
});

const supervisorSchema = configObject({
  profile: configText(),
  rubric: configText(),
  /** A merged draft scored at or above this (0-10) is approved. */
  threshold: z.number({ error: mustBe("a number from 0 to 10") }).min(0, { error: mustBe("a number from 0 to 10") }).max(10, { error: mustBe("a number from 0 to 10") }),
  maxRevisions: wholeNumber(0).max(5, "must be at most 5").default(2),
  routes: routesSchema.optional(),
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
  tiers: configRecord(tierSchema, {
    key: (plan) => ((PIPELINE_PLANS as readonly string[]).includes(plan) ? undefined : `unknown plan "${plan}" (one of ${PIPELINE_PLANS.join(", ")})`),
  }).optional(),
});

type ParsedWorker = z.output<typeof workerSchema>;
export type PipelineMessage = z.output<typeof messageSchema>;

/** A model call of a pipeline: a worker's, an aggregator's or the supervisor's. */
export interface ModelCall {
  profile: string;
  messages: PipelineMessage[];
  outputSchema?: Record<string, unknown> | undefined;
  routes?: string[] | undefined;
}

export type ModelWorker = ModelCall & { name: string; kind: "model" };
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
  return { name: worker.name, kind: "model", profile: worker.profile!, messages: worker.messages!, outputSchema: worker.outputSchema, routes: worker.routes };
}
