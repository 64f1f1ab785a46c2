import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
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

/** Requests the user's object counted as served today, and permits it still counts in flight (leased, not yet settled or returned). */
export async function quotaCountsOf(user: TestUser): Promise<{ served: number; inFlight: number }> {
  return runInDurableObject(quotaOf(user), (_instance: UserQuota, state) => ({
    served: state.storage.sql.exec<{ n: number }>("SELECT COALESCE(SUM(requests), 0) AS n FROM usage WHERE length(period) = 10").one().n,
    inFlight: state.storage.sql.exec<{ n: number }>("SELECT COALESCE(SUM(permits - served - unserved - returned), 0) AS n FROM leases").one().n,
  }));
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

/** A USER_QUOTA binding that logs every method called on a UserQuota object, in order. */
export interface CountingNamespace {
  USER_QUOTA: DurableObjectNamespace<UserQuota>;
  calls: string[];
  /** Holds every call from now on until the function returned is called: a request that completes meanwhile waited for none. */
  hold(): () => void;
  /** Resolves once no call is in flight. */
  idle(): Promise<void>;
}

/** A fresh one: a fresh binding also has a fresh `QuotaLeases` in the isolate, so it starts knowing nothing of any user. */
export function countingNamespace(): CountingNamespace {
  const calls: string[] = [];
  let gate: Promise<void> | undefined;
  let inFlight = 0;
  const whenIdle: (() => void)[] = [];
  const ended = () => {
    if (--inFlight > 0) return;
    for (const resolve of whenIdle.splice(0)) resolve();
  };
  const USER_QUOTA = {
    getByName(name: string) {
      const object = namespace.getByName(name);
      return new Proxy(object, {
        get(target, property) {
          const value: unknown = Reflect.get(target, property);
          if (typeof value !== "function" || typeof property !== "string") return value;
          return (...args: unknown[]) => {
            calls.push(property);
            // Reflect.apply: on an RPC method, `.apply` would itself be taken for a remote method.
            const forward = () => Reflect.apply(value as (...params: unknown[]) => unknown, target, args) as Promise<unknown>;
            inFlight++;
            const answer = gate ? gate.then(forward) : forward();
            answer.then(ended, ended);
            return answer;
          };
        },
      });
    },
  } as unknown as DurableObjectNamespace<UserQuota>;
  const hold = () => {
    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    return () => {
      gate = undefined;
      release();
    };
  };
  const idle = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenIdle.push(resolve)));
  return { USER_QUOTA, calls, hold, idle };
}

export interface CountedCall {
  res: Response;
  /** UserQuota methods called before the response came back: the hot path. */
  hotPath: string[];
  /** Every UserQuota method called from the request's start until the work it left in `waitUntil` is done. */
  all: string[];
  /** For `keepBodyOpen` and `noWait`: reads the body if it is still open, then waits for the work left in `waitUntil`. */
  finish(): Promise<void>;
}

export interface CountedCallOptions {
  user: TestUser;
  env?: Record<string, string>;
  method?: string;
  /** The binding to count on, shared by calls that should share the isolate's knowledge of the user; a fresh one by default. */
  quota?: CountingNamespace;
  /** Leave the body unread (a stream still open): nothing after the response is awaited. */
  keepBodyOpen?: boolean;
  /** Read the body but leave the work in `waitUntil` running (`finish` waits for it). */
  noWait?: boolean;
}

/** One request through the app, counting UserQuota calls; reads the body and waits for `waitUntil` (unless `keepBodyOpen`). */
export async function countedCall(path: string, body: unknown, options: CountedCallOptions): Promise<CountedCall> {
  const quota = options.quota ?? countingNamespace();
  const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor(options.user)}` };
  const init: RequestInit = { method: options.method ?? (body === undefined ? "GET" : "POST"), headers };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const start = quota.calls.length;
  const ctx = createExecutionContext();
  const res = await app.request("http://chorus.test" + path, init, { ...env, ...options.env, USER_QUOTA: quota.USER_QUOTA }, ctx);
  const hotPath = quota.calls.slice(start);
  const finish = async () => {
    await res.text();
    await waitOnExecutionContext(ctx);
  };
  if (options.keepBodyOpen) return { res, hotPath, all: hotPath, finish };
  const text = await res.text();
  if (options.noWait) return { res: new Response(text, res), hotPath, all: hotPath, finish: () => waitOnExecutionContext(ctx) };
  await waitOnExecutionContext(ctx);
  return { res: new Response(text, res), hotPath, all: quota.calls.slice(start), finish: async () => {} };
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
