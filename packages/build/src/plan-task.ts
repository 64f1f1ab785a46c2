import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import {
  canonicalJson, chatRequestSchema, checkInputMessages, GatewayError, renderPrompt, resolvePromptVersion, sha256Hex,
  type ChatMessage, type ChatRequest, type Guardrails, type PromptFile, type PromptMessage, type PromptTemplateRecord,
} from "@chorus/core";
import { BuildError } from "./build-error.ts";
import type { BuildConfig } from "./read-build-config.ts";
import type { ContentTask } from "./content-map-schema.ts";

/** One task made concrete: the request every candidate gets, the rails its answers pass, where its fallback is. */
export interface TaskPlan {
  task: ContentTask;
  profile: string;
  /** `name@version` of the template used, when the task names one. */
  promptRef?: string;
  /** The body sent, `model` being the profile; each candidate is called with its own model. */
  request: ChatRequest;
  /** Canonical JSON of the request less its model: what the store keeps as the prompt. */
  prompt: string;
  promptHash: string;
  /** Everything an answer depends on but the candidate; with the candidate, it is the answer's key. */
  keyBase: Record<string, unknown>;
  rails?: Guardrails;
  format: "text" | "json";
  fallbackFile?: string;
}

const taskLabel = (task: ContentTask) => `task "${task.id}"`;

function templateRecords(prompts: readonly PromptFile[]): Map<string, PromptTemplateRecord> {
  const records = new Map<string, PromptTemplateRecord>();
  for (const file of prompts) {
    const record = records.get(file.name) ?? { name: file.name, versions: [], labels: {} };
    record.versions.push({ name: file.name, version: file.version, description: file.description, messages: file.messages, variables: file.variables, createdAt: "" });
    for (const label of file.labels ?? []) record.labels[label] = file.version;
    records.set(file.name, record);
  }
  for (const record of records.values()) record.versions.sort((a, b) => a.version - b.version);
  return records;
}

function renderTaskPrompt(task: ContentTask, records: Map<string, PromptTemplateRecord>): { ref: string; variables: Record<string, unknown>; messages: PromptMessage[] } {
  const prompt = task.prompt!;
  const record = records.get(prompt.name);
  if (!record) throw new BuildError(`${taskLabel(task)}: prompt.name: no template "${prompt.name}" in prompts/*.json (found: ${[...records.keys()].join(", ") || "none"})`);
  try {
    const version = resolvePromptVersion(record, { version: prompt.version }, "");
    return { ref: `${record.name}@${version.version}`, variables: prompt.variables, messages: renderPrompt(version, prompt.variables) };
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const field = error.param === "variables" || error.code === "invalid_prompt_variables" ? "prompt.variables" : "prompt";
    throw new BuildError(`${taskLabel(task)}: ${field}: ${error.message}`);
  }
}

/** A json task's answer must be JSON matching its schema (any JSON without one): the gateway's jsonSchema rail. */
function railsOf(task: ContentTask): Guardrails | undefined {
  if (task.type !== "json") return task.guardrails;
  return { ...task.guardrails, jsonSchema: task.schema ?? task.guardrails?.jsonSchema ?? {} };
}

function responseFormatOf(task: ContentTask): ChatRequest["response_format"] {
  if (task.type !== "json") return undefined;
  if (!task.schema) return { type: "json_object" };
  return { type: "json_schema", json_schema: { name: task.id.replace(/[^A-Za-z0-9_-]/g, "_"), schema: task.schema, strict: true } };
}

function fallbackFileOf(task: ContentTask, dir: string): string | undefined {
  if (task.fallbackPath === undefined) return undefined;
  const file = isAbsolute(task.fallbackPath) ? task.fallbackPath : join(dir, task.fallbackPath);
  if (!existsSync(file)) throw new BuildError(`${taskLabel(task)}: fallbackPath: ${task.fallbackPath} does not exist (paths are relative to the config dir)`);
  return file;
}

/** The gateway's input rails over the task's messages: `redact` masks what the model sees, `block` is a mistake in the map. */
function screenInput(task: ContentTask, messages: ChatMessage[]): ChatMessage[] {
  const rails = task.guardrails?.input;
  if (!rails) return messages;
  try {
    return checkInputMessages(messages, rails);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    throw new BuildError(`${taskLabel(task)}: guardrails.input: ${error.message} (${error.param})`);
  }
}

/** Every task of the content map planned, in map order; the first mistake is a `BuildError` naming the task and field. */
export async function planTasks(config: BuildConfig): Promise<TaskPlan[]> {
  const records = templateRecords(config.prompts);
  const plans: TaskPlan[] = [];
  for (const task of config.contentMap.tasks) {
    const profile = task.profile ?? config.contentMap.taskTypes[task.type]!;
    if (!Object.hasOwn(config.profiles.profiles, profile)) {
      const field = task.profile !== undefined ? "profile" : `type (taskTypes.${task.type})`;
      throw new BuildError(`${taskLabel(task)}: ${field}: "${profile}" is not a profile of llm-profiles.json (defined: ${Object.keys(config.profiles.profiles).join(", ")})`);
    }
    const rendered = task.prompt ? renderTaskPrompt(task, records) : undefined;
    const parameters = { ...task.parameters, response_format: responseFormatOf(task) };
    // Checked by the gateway's own request schema: what is sent is a request the gateway would accept.
    const body = chatRequestSchema.parse({ model: profile, messages: rendered?.messages ?? task.messages, ...parameters });
    const messages = screenInput(task, body.messages);
    const sent = { messages, ...parameters };
    const prompt = canonicalJson(sent);
    plans.push({
      task, profile, prompt,
      promptHash: await sha256Hex(prompt),
      ...(rendered ? { promptRef: rendered.ref } : {}),
      request: { ...body, messages },
      keyBase: { template: rendered?.ref ?? null, variables: rendered?.variables ?? null, messages, parameters, profile },
      rails: railsOf(task),
      format: task.type === "json" ? "json" : "text",
      fallbackFile: fallbackFileOf(task, config.dir),
    });
  }
  return plans;
}

/** The key of the answer `provider`/`model` gives to `plan`. */
export function answerKey(plan: TaskPlan, provider: string, model: string): Promise<string> {
  return sha256Hex(canonicalJson({ ...plan.keyBase, provider, model }));
}
