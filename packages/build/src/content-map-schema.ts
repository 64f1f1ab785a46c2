import * as z from "zod";
import { configObject, configRecord, configText, guardrailsSchema, mustBe, promptNameSchema, promptVersionSchema } from "@chorus/core";

/** The kinds of content a Next.js app asks for; each maps to a profile in `taskTypes`. */
export const TASK_TYPES = ["longform", "metadata", "json", "code-snippet"] as const;
export type TaskType = (typeof TASK_TYPES)[number];

const taskType = z.enum(TASK_TYPES, { error: mustBe(`one of ${TASK_TYPES.join(", ")}`) });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const promptSchema = configObject({
  name: promptNameSchema,
  version: promptVersionSchema.optional(),
  variables: configRecord(z.unknown()).default({}),
});

const messageSchema = configObject({
  role: z.enum(["system", "developer", "user", "assistant"], { error: mustBe(`"system", "developer", "user" or "assistant"`) }),
  content: configText(),
});

/** Sampling settings sent with the task; part of its answer's key. */
const parametersSchema = configObject({
  temperature: z.number({ error: mustBe("a number from 0 to 2") }).min(0).max(2).optional(),
  top_p: z.number({ error: mustBe("a number from 0 to 1") }).min(0).max(1).optional(),
  max_tokens: z.number({ error: mustBe("a whole number >= 1") }).int().positive().optional(),
  seed: z.number({ error: mustBe("a whole number") }).int().optional(),
});

export const taskSchema = configObject({
  id: z.string({ error: mustBe("a slug") }).regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, "must be a slug: lowercase letters, digits, '.', '_' and '-' (it names a file)"),
  route: configText(),
  type: taskType,
  /** Overrides the type's profile. */
  profile: configText().optional(),
  prompt: promptSchema.optional(),
  messages: z.array(messageSchema, { error: mustBe("an array of {role, content}") }).min(1, "must hold at least one message").optional(),
  /** JSON Schema of a `json` task's answer: asked for as `response_format` and checked like the gateway's jsonSchema rail. */
  schema: z.custom<Record<string, unknown>>(isObject, { error: mustBe("a JSON Schema object") }).optional(),
  guardrails: guardrailsSchema.optional(),
  parameters: parametersSchema.optional(),
  /** A curated answer (text, or JSON for `json` tasks), relative to the config dir, used when no model answer passes. */
  fallbackPath: configText().optional(),
  /** Only an answer approved with `chorus-build approve` is used. */
  requiresApproval: z.boolean({ error: mustBe("true or false") }).optional(),
}).superRefine((task, ctx) => {
  if ((task.prompt === undefined) === (task.messages === undefined)) {
    ctx.addIssue({ code: "custom", path: ["prompt"], message: "give either prompt {name, version?, variables} or messages, not both or neither" });
  }
  if (task.schema !== undefined && task.type !== "json") ctx.addIssue({ code: "custom", path: ["schema"], message: `only json tasks take a schema (this task is ${task.type})` });
});

export type ContentTask = z.output<typeof taskSchema>;

/** `config/content-map.yaml`. */
export const contentMapSchema = configObject({
  description: configText().optional(),
  taskTypes: configObject(Object.fromEntries(TASK_TYPES.map((type) => [type, configText().optional()])) as Record<TaskType, z.ZodOptional<ReturnType<typeof configText>>>),
  tasks: z.array(taskSchema, { error: mustBe("a list of tasks") }).min(1, "must list at least one task"),
}).superRefine((map, ctx) => {
  const seen = new Set<string>();
  map.tasks.forEach((task, index) => {
    if (seen.has(task.id)) ctx.addIssue({ code: "custom", path: ["tasks", index, "id"], message: `"${task.id}" is used by an earlier task` });
    seen.add(task.id);
    if (task.profile === undefined && map.taskTypes[task.type] === undefined) {
      ctx.addIssue({ code: "custom", path: ["tasks", index, "type"], message: `taskTypes names no profile for "${task.type}" (and the task sets no profile)` });
    }
  });
});

export type ContentMap = z.output<typeof contentMapSchema>;
