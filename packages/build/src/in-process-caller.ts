import {
  AnswerRejected, answerText, demoAllowed, enabledProviders, GatewayError, providerSettings, resolveRoute, RouteFailure, routeRequest, systemClock,
  type Candidate, type ChatAdapter, type ChatCompletion, type ProfilesConfig, type ProviderEnv, type ProviderId, type RouteOptions,
} from "@chorus/core";
import type { CallOutcome, JudgeAnswer, ModelCaller } from "./model-caller.ts";
import type { TaskPlan } from "./plan-task.ts";

type Env = Record<string, string | undefined>;

function number(env: Env, name: string, fallback: number): number {
  const value = Number(env[name]);
  return env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** The gateway's timeout and retry variables, with its defaults. */
export function routeOptionsFrom(env: Env, signal: AbortSignal): RouteOptions {
  return {
    clock: systemClock,
    random: Math.random,
    signal,
    timeouts: {
      upstreamMs: number(env, "UPSTREAM_TIMEOUT_MS", 60_000),
      firstTokenMs: number(env, "FIRST_TOKEN_TIMEOUT_MS", 15_000),
      streamIdleMs: number(env, "STREAM_IDLE_TIMEOUT_MS", 30_000),
      deadlineMs: number(env, "REQUEST_DEADLINE_MS", 120_000),
    },
    retry: {
      attemptsPerCandidate: number(env, "RETRY_ATTEMPTS", 2),
      baseDelayMs: number(env, "RETRY_BASE_DELAY_MS", 250),
      maxDelayMs: number(env, "RETRY_MAX_DELAY_MS", 4_000),
    },
  };
}

const labels = (records: readonly { provider: string; reason: string }[]) => records.map((record) => `${record.provider}:${record.reason}`).join(",");

/**
 * Calls the providers from this process, as the gateway does: the same
 * variables enable them (keys, base URLs, the demo model when none is set),
 * the profile's candidates are tried in order with the gateway's retry and
 * fallback (core's router). A one-off build has no observed latencies or
 * spent budgets, so the profile's order stands as written.
 */
export function inProcessCaller(env: Env, profiles: ProfilesConfig): ModelCaller {
  const providerEnv = env as ProviderEnv;
  const enabled = enabledProviders(providerEnv);
  const adapters = new Map<ProviderId, Promise<ChatAdapter>>();
  // The SDKs load on the first call: a build served from the store (CI, --frozen) never pays for them.
  const adapterFor = (provider: ProviderId): Promise<ChatAdapter> => {
    let adapter = adapters.get(provider);
    if (!adapter) {
      adapter = import("@chorus/providers").then(({ ADAPTER_FACTORIES }) => ADAPTER_FACTORIES[provider](providerSettings(providerEnv, provider)));
      adapters.set(provider, adapter);
    }
    return adapter;
  };
  const reasons = new Map<string, string>();
  return {
    description: `in process (providers: ${enabled.join(", ") || "none"})`,
    candidates(plan: TaskPlan): Candidate[] {
      try {
        const route = resolveRoute({ model: plan.profile, config: profiles, enabled, demoAllowed: demoAllowed(providerEnv) });
        reasons.set(plan.task.id, route.reason);
        return route.candidates;
      } catch (error) {
        if (error instanceof GatewayError) return [];
        throw error;
      }
    },
    async answer(plan: TaskPlan, candidates: readonly Candidate[], judge: JudgeAnswer): Promise<CallOutcome> {
      if (candidates.length === 0) return { ok: false, reason: `no provider of profile "${plan.profile}" is enabled (enabled: ${enabled.join(", ") || "none"})` };
      const options = routeOptionsFrom(env, new AbortController().signal);
      const kept = new WeakMap<ChatCompletion, string>();
      try {
        const result = await routeRequest<ChatCompletion>(candidates, async (candidate, signal) => (await adapterFor(candidate.provider)).chat(plan.request, { model: candidate.model, signal }), {
          ...options,
          timeoutMs: options.timeouts.upstreamMs,
          hedge: profiles.profiles[plan.profile]?.hedge,
          isRefusal: (completion) => completion.choices[0]?.finish_reason === "content_filter",
          check: async (completion, candidate) => {
            const verdict = await judge({ text: answerText(completion), provider: candidate.provider, model: candidate.model, rationale: "" });
            if (!verdict.ok) return { ok: false, reason: "guardrails", stop: verdict.stop };
            kept.set(completion, verdict.text);
            return { ok: true, value: completion };
          },
        });
        const { provider, model } = result.candidate;
        const text = kept.get(result.value);
        const fallbacks = result.fallbacks.length > 0 ? `; fell back from ${labels(result.fallbacks)}` : "";
        if (text === undefined) {
          return { ok: false, reason: `refused by every candidate (${labels([...result.fallbacks, { provider, reason: "content_filter" }])})` };
        }
        return { ok: true, answer: { text, provider, model, rationale: `${reasons.get(plan.task.id) ?? `model=${plan.profile}`} -> ${provider}/${model}${fallbacks}` } };
      } catch (error) {
        if (error instanceof AnswerRejected) return { ok: false, reason: `no answer passed the guardrails (${labels(error.fallbacks)})` };
        if (error instanceof RouteFailure) return { ok: false, reason: `every candidate failed (${labels(error.fallbacks.length > 0 ? error.fallbacks : [{ provider: error.last.provider, reason: error.last.reason }])})` };
        if (error instanceof GatewayError) return { ok: false, reason: error.message };
        throw error;
      }
    },
  };
}
