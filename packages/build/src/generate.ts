import { sha256Hex } from "@chorus/core";
import { BuildError } from "./build-error.ts";
import type { BuildManifest, FragmentFile } from "./fragment-types.ts";
import { gatewayCaller } from "./gateway-caller.ts";
import { GatewayReview } from "./gateway-review.ts";
import { gatewayTarget, type Env } from "./gateway-target.ts";
import { inProcessCaller } from "./in-process-caller.ts";
import type { ModelCaller } from "./model-caller.ts";
import { planTasks, type TaskPlan } from "./plan-task.ts";
import { PromptStore } from "./prompt-store.ts";
import { readBuildConfig, type BuildConfig } from "./read-build-config.ts";
import { resolveTask, type TaskOutcome } from "./resolve-task.ts";
import { pullDecisions, submitDrafts } from "./review-sync.ts";
import { contentBuildId, writeBuild } from "./write-build.ts";

export type { Env };

/** Tasks settled side by side: model calls overlap, and each task's outcome depends only on its own rows, so order does not matter. */
const TASKS_AT_ONCE = 4;

/** `work` over `items`, at most `limit` at a time; results in the items' order. */
async function mapWithLimit<Item, Result>(items: readonly Item[], limit: number, work: (item: Item) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface GenerateOptions {
  configDir: string;
  storePath: string;
  out: string;
  frozen?: boolean;
  /** Else `CHORUS_BUILD_ID`, else a hash of the content. */
  buildId?: string;
  /** `refresh --provider`: ask again where this provider answered. */
  refreshProvider?: string;
  env: Env;
  /** For relative paths in messages. */
  cwd: string;
  log: (line: string) => void;
  fetch?: typeof globalThis.fetch;
}

export interface GenerateResult {
  manifest: BuildManifest;
  /** Tasks whose answer needed a model call in this run. */
  called: string[];
  fallbacks: string[];
}

/** A gateway when `CHORUS_URL` and `CHORUS_API_KEY` are set, else the providers in process. */
export function callerFor(env: Env, config: BuildConfig, fetcher?: typeof globalThis.fetch): ModelCaller {
  const target = gatewayTarget(env);
  if (!target) return inProcessCaller(env, config.profiles);
  const deadline = Number(env.REQUEST_DEADLINE_MS);
  return gatewayCaller({ ...target, fetch: fetcher, timeoutMs: Number.isFinite(deadline) && deadline > 0 ? deadline : undefined }, config.profiles);
}

/** Review through the gateway (the console's Build review) when there is one and some task needs approval. */
function reviewFor(env: Env, plans: readonly TaskPlan[], fetcher?: typeof globalThis.fetch): GatewayReview | undefined {
  const target = gatewayTarget(env);
  return target && plans.some((plan) => plan.task.requiresApproval) ? new GatewayReview(target, fetcher) : undefined;
}

async function fragmentOf(plan: TaskPlan, outcome: TaskOutcome): Promise<FragmentFile> {
  const { task } = plan;
  const base = { id: task.id, route: task.route, type: task.type, profile: plan.profile, format: plan.format, prompt: plan.promptRef ?? null, promptHash: plan.promptHash };
  if (outcome.kind === "answer") {
    const { row } = outcome;
    return {
      ...base, source: "model", provider: row.provider, model: row.model, key: row.key, rationale: row.rationale, responseHash: row.responseHash,
      content: plan.format === "json" ? JSON.parse(row.response) : row.response,
    };
  }
  if (outcome.kind !== "fallback") throw new Error(`no content for task "${task.id}"`);
  return {
    ...base, source: "fallback", provider: null, model: null, key: null, rationale: `fallback: ${outcome.reason}`,
    responseHash: await sha256Hex(outcome.text), content: plan.format === "json" ? JSON.parse(outcome.text) : outcome.text,
  };
}

function describe(outcome: TaskOutcome): string {
  if (outcome.kind === "answer") return `${outcome.called ? "answered" : "from the store"} (${outcome.row.provider}/${outcome.row.model})`;
  if (outcome.kind === "fallback") return `fallback (${outcome.reason})`;
  return outcome.kind;
}

/**
 * `chorus-build generate` (and `refresh`): every task of the content map
 * settled from the store, a model or its fallback, then the build written.
 * Throws `BuildError` naming every task that could not be settled; nothing is
 * written then.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const config = await readBuildConfig(options.configDir, options.env, options.cwd);
  const plans = await planTasks(config);
  const caller = callerFor(options.env, config, options.fetch);
  const review = reviewFor(options.env, plans, options.fetch);
  const store = await PromptStore.open(options.storePath);
  try {
    const decisions = review && await pullDecisions(review, store, options.log);
    if (!options.frozen) options.log(`chorus-build: calling models ${caller.description} where the store has no answer`);
    const outcomes = await mapWithLimit(plans, TASKS_AT_ONCE, async (plan) => {
      const outcome = await resolveTask(plan, {
        store, caller, frozen: options.frozen ?? false, refreshProvider: options.refreshProvider,
        profileCandidates: config.profiles.profiles[plan.profile]!.candidates, rejected: decisions?.rejected,
      });
      if (outcome.kind !== "missing" && outcome.kind !== "failed") options.log(`  ${plan.task.id}: ${describe(outcome)}`);
      return outcome;
    });
    // Before any failure below: a build that cannot finish still puts its new drafts up for review.
    if (review) await submitDrafts(review, store, decisions, options.log);
    const missing = plans.filter((_, index) => outcomes[index]!.kind === "missing").map((plan) => `"${plan.task.id}" (${plan.task.route})`);
    if (missing.length > 0) throw new BuildError(`--frozen: the store has no answer for task ${missing.join(", ")}: run chorus-build generate without --frozen and commit the store`);
    const failed = outcomes.flatMap((outcome) => (outcome.kind === "failed" ? [outcome.message] : []));
    if (failed.length > 0) throw new BuildError(failed.join("\n"));
    const fragments = await Promise.all(plans.map((plan, index) => fragmentOf(plan, outcomes[index]!)));
    const buildId = options.buildId ?? (options.env.CHORUS_BUILD_ID?.trim() || await contentBuildId(fragments));
    const manifest = await writeBuild(options.out, buildId, fragments);
    return {
      manifest,
      called: plans.filter((_, index) => { const outcome = outcomes[index]!; return outcome.kind === "answer" && outcome.called; }).map((plan) => plan.task.id),
      fallbacks: fragments.filter((fragment) => fragment.source === "fallback").map((fragment) => fragment.id),
    };
  } finally {
    store.close();
  }
}
