import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import type { PlanLimits } from "@chorus/core";
import app from "../../../workers/gateway/src/index.ts";
import type { UserQuota } from "../../../workers/gateway/src/durable/user-quota.ts";
import { tokenFor, type TestUser } from "../gateway-client.ts";

type QuotaObject = DurableObjectStub<UserQuota>;
const namespace = (env as unknown as { USER_QUOTA: DurableObjectNamespace<UserQuota> }).USER_QUOTA;

/** The user's UserQuota object, as the gateway addresses it. */
export function quotaOf(user: TestUser | string): QuotaObject {
  return namespace.getByName(typeof user === "string" ? user : user.sub);
}

/** An unverified user no other test uses: the sample tier. */
export function sampleUser(): TestUser {
  return { sub: `sample-${crypto.randomUUID()}`, plan: "free", emailVerified: false };
}

/** A verified user no other test uses. */
export function verifiedUser(plan: TestUser["plan"] = "free"): TestUser {
  return { sub: `verified-${crypto.randomUUID()}`, plan, emailVerified: true };
}

/** PLAN_LIMITS for one test: the same small limits for every plan unless told. */
export function planLimits(limits: Partial<PlanLimits>, perPlan: Partial<Record<"free" | "pro" | "premium", Partial<PlanLimits>>> = {}): Record<string, string> {
  const base: PlanLimits = { requestsPerMinute: 1_000, tokensPerDay: 1_000_000, ...limits };
  const table = Object.fromEntries((["free", "pro", "premium"] as const).map((plan) => [plan, { ...base, ...perPlan[plan] }]));
  return { PLAN_LIMITS: JSON.stringify(table) };
}

/**
 * Profiles on the fake upstreams, each on a model named after it so a test
 * sees which one served; the response cache off so every request reaches the
 * route (tests about cache hits turn it on again).
 */
export function quotaProfiles(models: Partial<Record<"compat" | "cheap" | "fast", string>> = {}): Record<string, string> {
  const profile = (provider: string, model: string) => ({ candidates: [{ provider, model }] });
  return {
    LLM_PROFILES: JSON.stringify({
      defaultProfile: "compat",
      profiles: {
        compat: profile("openai", models.compat ?? "compat-model"),
        cheap: profile("anthropic", models.cheap ?? "cheap-model"),
        fast: profile("google", models.fast ?? "fast-model"),
      },
      modes: { quick: "fast" },
    }),
    CACHE_DEFAULT: "off",
  };
}

export interface CountedCall {
  res: Response;
  /** UserQuota methods called before the response came back: the hot path. */
  hotPath: string[];
  /** Every UserQuota method called, once the work left in `waitUntil` is done. */
  all: string[];
}

/**
 * One request through the app with a USER_QUOTA binding that logs every
 * method called on a UserQuota object; reads the body and waits for `waitUntil`.
 */
export async function countedCall(path: string, body: unknown, options: { user: TestUser; env?: Record<string, string>; method?: string }): Promise<CountedCall> {
  const all: string[] = [];
  const USER_QUOTA = {
    getByName(name: string) {
      const object = namespace.getByName(name);
      return new Proxy(object, {
        get(target, property) {
          const value: unknown = Reflect.get(target, property);
          if (typeof value !== "function" || typeof property !== "string") return value;
          return (...args: unknown[]) => {
            all.push(property);
            // Reflect.apply: on an RPC method, `.apply` would itself be taken for a remote method.
            return Reflect.apply(value as (...params: unknown[]) => unknown, target, args);
          };
        },
      });
    },
  };
  const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor(options.user)}` };
  const init: RequestInit = { method: options.method ?? (body === undefined ? "GET" : "POST"), headers };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const ctx = createExecutionContext();
  const res = await app.request("http://chorus.test" + path, init, { ...env, ...options.env, USER_QUOTA }, ctx);
  const hotPath = [...all];
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { res: new Response(text, res), hotPath, all };
}

export async function errorOf(res: Response): Promise<{ type: string; code: string; message: string; param: string | null }> {
  return ((await res.json()) as { error: { type: string; code: string; message: string; param: string | null } }).error;
}

/** Seconds from now until the next UTC midnight, or the first of next month. */
export function secondsToPeriodEnd(period: "daily" | "monthly", now = Date.now()): number {
  const at = new Date(now);
  const end = period === "daily"
    ? Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1)
    : Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
  return Math.ceil((end - now) / 1000);
}
