import { env } from "cloudflare:test";
import type { GatewayEnv } from "../../../workers/gateway/src/env.ts";
import { call, type CallOptions, type TestUser } from "../gateway-client.ts";

const vars = env as unknown as Record<string, string>;
/** The Worker's bindings as the gateway types them: the Durable Object namespaces, D1. */
export const bindings = env as unknown as GatewayEnv;

export const ADMIN_TOKEN = vars.ADMIN_TOKEN!;
export const KEY_ENCRYPTION_KEY = vars.KEY_ENCRYPTION_KEY!;
export const AUTH_JWT_SECRET = vars.AUTH_JWT_SECRET!;
/** The platform keys the fakes are reached with (test/fakes/start-all-fakes.ts). */
export const PLATFORM_KEYS = { openai: vars.OPENAI_API_KEY!, anthropic: vars.ANTHROPIC_API_KEY!, google: vars.GOOGLE_API_KEY! };

/** A verified pro user no other test uses. */
export function newUser(label: string, extra: Partial<TestUser> = {}): TestUser {
  return { sub: `${label}-${crypto.randomUUID()}`, plan: "pro", emailVerified: true, ...extra };
}

/** A provider key shaped like the real thing, unique per call, so a leak of it can be searched for. */
export function providerKey(prefix = "sk-own"): string {
  return `${prefix}-${crypto.randomUUID().replace(/-/g, "")}`;
}

export function putKey(user: TestUser, provider: string, apiKey: string, options: CallOptions = {}): Promise<Response> {
  return call(`/v1/settings/keys/${provider}`, { apiKey }, { user, method: "PUT", ...options });
}

/** A request with the ADMIN_TOKEN as its credential. */
export function asAdmin(path: string, body?: unknown, options: CallOptions = {}): Promise<Response> {
  return call(path, body, { ...options, user: null, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...options.headers } });
}

export interface FakeRequest {
  path: string;
  headers: Record<string, string | undefined>;
  body?: { model?: string; contents?: unknown };
}

/** Every request a fake upstream received whose body or path names `marker`, oldest first. */
export async function fakeRequests(provider: "openai" | "anthropic" | "google", marker: string): Promise<FakeRequest[]> {
  const base = { openai: vars.FAKE_OPENAI_URL, anthropic: vars.FAKE_ANTHROPIC_URL, google: vars.FAKE_GOOGLE_URL }[provider];
  const all = (await (await fetch(`${base}/__requests`)).json()) as FakeRequest[];
  return all.filter((request) => request.path.includes(encodeURIComponent(marker)) || request.path.includes(marker) || request.body?.model?.includes(marker));
}

/** The key a recorded request carried, however its provider sends it. */
export function keyOf(request: FakeRequest): string | undefined {
  const bearer = request.headers.authorization?.replace(/^Bearer /, "");
  return request.headers["x-api-key"] ?? request.headers["x-goog-api-key"] ?? bearer;
}

export async function errorOf(res: Response): Promise<{ type: string; code: string; message: string; param: string | null }> {
  return ((await res.json()) as { error: { type: string; code: string; message: string; param: string | null } }).error;
}

export type UsageDay = { date: string; requests: number; cachedRequests: number; ownKeyRequests: number; fallbackRequests: number; tokensIn: number; tokensOut: number; costUsd: number; estimated: boolean };

export async function usageOf(user: TestUser, query = ""): Promise<UsageDay[]> {
  const res = await call(`/v1/usage${query}`, undefined, { user });
  if (res.status !== 200) throw new Error(`GET /v1/usage: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { days: UsageDay[] }).days;
}

/** Today as `usage_daily` stores it. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
