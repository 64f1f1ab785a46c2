import { GatewayError, personaNotFound, systemClock } from "@chorus/core";
import type { Context } from "hono";
import type * as z from "zod";
import type { Principal } from "../auth/principal.ts";
import type { GatewayConfig } from "../config/gateway-config.ts";
import type { UserState } from "../durable/user-quota-types.ts";
import type { GatewayEnv } from "../env.ts";
import { readJson, validateBody } from "../http/read-json-body.ts";
import { afterResponse, warnLater } from "./after-response.ts";
import { AnswerEvents } from "./answer-ended.ts";
import type { PersonaSource, ScopePersona } from "./persona-source.ts";
import { readRequestHints, type RequestHints } from "./request-hints.ts";
import type { Purpose, RequestScope } from "./request-scope.ts";
import { resolvePlan } from "./resolve-plan.ts";

/** Where a request's user state comes from: the user's quota object in production, a fixed state where there is no identity. */
export type UserStateSource = (env: GatewayEnv, principal: Principal) => Promise<UserState>;

/** The `model` field every AI endpoint's body has (and, for chat, `response_format`). */
export type ModelFields = { model?: string | undefined; response_format?: { type: string } | undefined };

/** A request body schema with the fields of `ModelFields`. */
export type ModelBody = z.ZodType<ModelFields>;

export interface ScopeDefinition<S extends ModelBody> {
  purpose: Purpose;
  schema: S;
  userState: UserStateSource;
  /** Where `x-chorus-persona` is looked up; absent where personas do not apply (embeddings). */
  personas?: PersonaSource;
}

/** The persona `x-chorus-persona` names, from `personas`; 404 `persona_not_found` when the caller cannot see it. */
export async function personaOf(personas: PersonaSource | undefined, env: GatewayEnv, principal: Principal, ref: string | undefined): Promise<ScopePersona | undefined> {
  const wanted = ref?.trim();
  if (!personas || !wanted) return undefined;
  const persona = await personas(env, principal, wanted);
  if (!persona) throw personaNotFound(wanted);
  return persona;
}

/** What a scope is built from once the body has been read and validated, and the caller's state and persona found. */
export interface ScopeParts<Body> {
  purpose: Purpose;
  /** The body as sent (JSON). */
  raw: unknown;
  /** The body validated against the purpose's schema. */
  body: Body;
  hints: RequestHints;
  user: UserState;
  persona?: ScopePersona;
}

/** What a scope takes from where its request came from: an HTTP request (`buildScope`), or a job's step (`jobs/job-model-call.ts`). */
export interface ScopeOrigin {
  requestId: string;
  method: string;
  path: string;
  principal: Principal;
  config: GatewayConfig;
  env: GatewayEnv;
  signal: AbortSignal;
  later: RequestScope["later"];
}

/** A scope from its origin and parts already read and checked: the route resolved once. No I/O. */
export function scopeOf<Body extends ModelFields>(origin: ScopeOrigin, parts: ScopeParts<Body>): RequestScope<Body> {
  const { principal, config, requestId } = origin;
  const { purpose, raw, body, hints, user, persona } = parts;
  const plan = resolvePlan({
    purpose, principal, config, user, hints, model: body.model,
    persona: persona?.profile ? { ref: persona.ref, profile: persona.profile } : undefined,
    structured: body.response_format?.type === "json_schema",
  });
  return {
    requestId, purpose, method: origin.method, path: origin.path,
    principal, config, env: origin.env, clock: systemClock, signal: origin.signal,
    hints, raw, body, user, persona, plan, ended: new AnswerEvents(),
    later: origin.later,
    warn: (label, error) => warnLater(requestId, label, error),
  };
}

/**
 * A request's scope from parts already read and checked: the route resolved
 * once, the request's time, signal and after-response work. No I/O, so a
 * handler that calls models several times in one request (a session's
 * turns) builds one scope per call.
 */
export function buildScope<Body extends ModelFields>(c: Context<{ Bindings: GatewayEnv }>, parts: ScopeParts<Body>): RequestScope<Body> {
  const requestId = c.get("requestId");
  const executionCtx = c.executionCtx;
  return scopeOf({
    requestId, method: c.req.method, path: c.req.path, principal: c.get("principal"), config: c.get("config"), env: c.env,
    signal: c.req.raw.signal, later: (label, work) => afterResponse(executionCtx, requestId, label, work),
  }, parts);
}

/** The caller of an endpoint that calls a model; the admin token acts for no user and cannot (403 `not_a_user`). */
export function modelCaller(c: Context): Principal {
  const principal = c.get("principal");
  if (principal.credential === "admin_token") {
    throw new GatewayError({ status: 403, code: "not_a_user", message: "The admin token acts for no user and cannot call models; use a user's token or API key." });
  }
  return principal;
}

/**
 * Builds an AI request's scope, the one place that reads Hono's context for
 * it: the body parsed and validated once, the caller's state, the route
 * resolved once. The admin token acts for no user and cannot call models.
 */
export async function openScope<S extends ModelBody>(c: Context<{ Bindings: GatewayEnv }>, definition: ScopeDefinition<S>): Promise<RequestScope<z.output<S>>> {
  const principal = modelCaller(c);
  const raw = await readJson(c);
  const body = validateBody(definition.schema, raw);
  const hints = readRequestHints(c.req.raw.headers);
  const [user, persona] = await Promise.all([definition.userState(c.env, principal), personaOf(definition.personas, c.env, principal, hints.persona)]);
  return buildScope(c, { purpose: definition.purpose, raw, body, hints, user, persona });
}
