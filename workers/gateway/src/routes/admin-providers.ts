import { providerSettings, type ProviderId } from "@chorus/core";
import { Hono } from "hono";
import { cacheStats } from "../cache/cache-stats.ts";
import type { BreakerSnapshot, ModelHealth } from "../durable/breaker.ts";
import { breakerMemo } from "../edge/breaker-memo.ts";
import { keyBreakerName, providerBreakerName } from "../edge/breaker-names.ts";
import type { GuardrailPenalties } from "../edge/guardrail-penalties.ts";
import { keyFingerprint } from "../edge/key-fingerprint.ts";
import type { GatewayEnv } from "../env.ts";

interface HealthFields {
  successRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  ttftP50Ms: number | null;
  requests: number;
  tokensToday: number;
}

function healthFields(health: ModelHealth | BreakerSnapshot): HealthFields {
  return {
    successRate: health.successRate,
    p50Ms: health.p50Ms ?? null,
    p95Ms: health.p95Ms ?? null,
    ttftP50Ms: health.ttftP50Ms ?? null,
    requests: health.requests,
    tokensToday: health.tokensToday,
  };
}

function until(snapshot: BreakerSnapshot): { openUntil?: string } {
  return snapshot.openUntil === undefined || snapshot.state === "closed" ? {} : { openUntil: new Date(snapshot.openUntil).toISOString() };
}

/**
 * `GET /admin/providers`: every enabled provider's circuit, its platform
 * key's cooldown and its health (success rate, latency percentiles and time
 * to first token over the last outcomes, tokens today), per model too, and
 * this isolate's cache hit rate where it has counted any, and the features
 * for which it ranks last after breaking their guardrails.
 */
export const adminProviders = (penalties: GuardrailPenalties) => new Hono<{ Bindings: GatewayEnv }>().get("/", async (c) => {
  const { enabled, profiles } = c.get("config");
  const cache = cacheStats().providers;
  const providers = await Promise.all(enabled.map(async (id: ProviderId) => {
    const keyName = keyBreakerName(id, await keyFingerprint(providerSettings(c.env, id).apiKey));
    const [circuit, key] = await Promise.all([
      c.env.BREAKER.getByName(providerBreakerName(id)).snapshot(),
      c.env.BREAKER.getByName(keyName).snapshot(),
    ]);
    const now = Date.now();
    breakerMemo.fromSnapshot(providerBreakerName(id), circuit, now);
    breakerMemo.fromSnapshot(keyName, key, now);
    const budget = profiles.providers?.[id]?.dailyTokenBudget;
    const hitRate = cache[id]?.hitRate;
    return {
      id,
      state: circuit.state,
      ...until(circuit),
      ...healthFields(circuit),
      ...(budget === undefined ? {} : { dailyTokenBudget: budget }),
      ...(hitRate === undefined || hitRate === null ? {} : { cacheHitRate: hitRate }),
      key: { state: key.state, ...until(key) },
      guardrailPenalties: penalties.inForce(circuit.guardrailPenalties),
      models: Object.entries(circuit.perModel).map(([model, health]) => ({ model, ...healthFields(health) })),
    };
  }));
  return c.json({ providers });
});
