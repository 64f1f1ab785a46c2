import { answerText, type Candidate, type ChatCompletion, type ProfilesConfig } from "@chorus/core";
import type { CallOutcome, JudgeAnswer, ModelCaller } from "./model-caller.ts";
import type { TaskPlan } from "./plan-task.ts";

export interface GatewaySettings {
  /** The gateway's root URL (a trailing `/v1` is accepted too). */
  url: string;
  apiKey: string;
  /** Bounds each call (the gateway's own deadline is inside it); default 120 s. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** Enough of a chat completion to take its answer; anything else from the gateway is a failed call, not a crash. */
function completionOf(body: string): ChatCompletion | undefined {
  try {
    const value = JSON.parse(body) as Partial<ChatCompletion> | null;
    return Array.isArray(value?.choices) ? (value as ChatCompletion) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Asks a Chorus gateway, with the task's profile as the model: the gateway
 * applies its own routing (profiles, budgets, latency targets, breakers) and
 * says who served in its `x-chorus-*` headers. The task's rails are checked
 * here too; a violation cannot be sent back, so it falls back.
 */
export function gatewayCaller(settings: GatewaySettings, profiles: ProfilesConfig): ModelCaller {
  const base = settings.url.replace(/\/+$/, "").replace(/\/v1$/, "");
  const fetcher = settings.fetch ?? globalThis.fetch;
  return {
    description: `through the gateway at ${base}`,
    candidates: (plan: TaskPlan): Candidate[] => profiles.profiles[plan.profile]?.candidates ?? [],
    async answer(plan: TaskPlan, _candidates: readonly Candidate[], judge: JudgeAnswer, options: { refresh: boolean }): Promise<CallOutcome> {
      let response: Response;
      try {
        response = await fetcher(`${base}/v1/chat/completions`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${settings.apiKey}`,
            "content-type": "application/json",
            ...(options.refresh ? { "x-chorus-cache": "refresh" } : {}),
          },
          body: JSON.stringify(plan.request),
          signal: AbortSignal.timeout(settings.timeoutMs ?? 120_000),
        });
      } catch (error) {
        return { ok: false, reason: `the gateway at ${base} could not be reached (${error instanceof Error ? error.message : String(error)})` };
      }
      let body: string;
      try {
        body = await response.text();
      } catch (error) {
        return { ok: false, reason: `the gateway's answer was cut off (${error instanceof Error ? error.message : String(error)})` };
      }
      if (!response.ok) {
        let detail = body.slice(0, 200);
        try {
          const error = (JSON.parse(body) as { error?: { code?: string; message?: string } }).error;
          if (error) detail = `${error.code ?? "error"}: ${error.message ?? ""}`;
        } catch {
          // not JSON: the start of the body says enough
        }
        return { ok: false, reason: `the gateway answered ${response.status} (${detail})` };
      }
      const completion = completionOf(body);
      if (!completion) return { ok: false, reason: `the gateway answered ${response.status} with something other than a chat completion` };
      const provider = response.headers.get("x-chorus-provider") ?? "unknown";
      const model = response.headers.get("x-chorus-model") ?? completion.model;
      if (completion.choices[0]?.finish_reason === "content_filter") return { ok: false, reason: `refused (${provider}:content_filter)` };
      const route = response.headers.get("x-chorus-route") ?? `model=${plan.profile}`;
      const fallback = response.headers.get("x-chorus-fallback");
      const rationale = `gateway ${route} -> ${provider}/${model}${fallback ? `; fell back from ${fallback}` : ""}`;
      const verdict = await judge({ text: answerText(completion), provider, model, rationale });
      if (!verdict.ok) return { ok: false, reason: `the answer of ${provider}/${model} did not pass the guardrails` };
      return { ok: true, answer: { text: verdict.text, provider, model, rationale } };
    },
  };
}
