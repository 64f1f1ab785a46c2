import { SAMPLE_REQUESTS, type RoutePlan } from "@chorus/core";
import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";
import { killSwitchRefusal } from "../middleware/ai-kill-switch.ts";
import { quotaLeasesFor } from "../quota/quota-leases.ts";
import { warnLater } from "../request/after-response.ts";
import { modelCaller } from "../request/open-scope.ts";
import { quotaUserState } from "../request/quota-user-state.ts";
import { readRequestHints } from "../request/request-hints.ts";
import { resolvePlan } from "../request/resolve-plan.ts";
import { admissionTerms, quotaUnavailable } from "../stages/admission.ts";

/**
 * `GET /v1/me`: what the caller may do now (CONTRACT.md). `aiAvailable` is
 * what the next chat request with no `model` (and this request's
 * `x-chorus-mode`/`x-chorus-surface`) would meet, decided by the code that
 * refuses it: the kill switch's `killSwitchRefusal`, then the route's
 * pool (`admissionTerms`) and `QuotaLeases.standing`, which decides as
 * `admit` does without taking a permit. Not behind the kill switch: it
 * answers while AI is off, saying so.
 */
export const me = new Hono<{ Bindings: GatewayEnv }>().get("/", async (c) => {
  const principal = modelCaller(c);
  const config = c.get("config");
  const requestId = c.get("requestId");
  const user = await quotaUserState(c.env, principal);
  const hints = readRequestHints(c.req.raw.headers);
  const plan = routeOrNone(() => resolvePlan({ purpose: "chat", principal, config, user, hints, model: undefined, structured: false }));
  const standing = await quotaLeasesFor(c.env.USER_QUOTA).standing(admissionTerms({ principal, config, user, plan }))
    .catch((error: unknown) => {
      throw quotaUnavailable({ warn: (label, cause) => warnLater(requestId, label, cause) }, "standing unavailable", error);
    });
  const refusal = killSwitchRefusal(config) ?? (standing.decision.ok ? undefined : standing.decision);
  const reason = refusal?.code;
  const limits = config.plans[principal.plan];
  const { settings, ownKeyProviders } = standing.user;
  return c.json({
    userId: principal.userId,
    tier: principal.tier,
    plan: principal.plan,
    role: principal.role ?? null,
    workspace: principal.workspace ?? null,
    aiAvailable: reason === undefined,
    ...(reason && { reason }),
    ...(principal.tier === "sample" && { sample: { used: standing.served.sample, limit: SAMPLE_REQUESTS } }),
    limits: {
      requestsPerMinute: limits.requestsPerMinute,
      tokensPerDay: limits.tokensPerDay,
      tokensUsedToday: standing.tokensToday,
      usageLimit: settings.usageLimit,
      usagePeriod: settings.usagePeriod,
      usageUsed: standing.served.period,
    },
    ownKeyProviders,
  });
});

/** A route the request would not find (an unknown preferred model) is no quota's business: decided as the platform's pool. */
function routeOrNone(resolve: () => RoutePlan): RoutePlan {
  try {
    return resolve();
  } catch {
    return { profile: "", candidates: [], reason: "no route" };
  }
}
