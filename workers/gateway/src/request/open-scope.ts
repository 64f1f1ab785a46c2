import { GatewayError, personaNotFound, systemClock } from "@chorus/core";
import type { Context } from "hono";
import type * as z from "zod";
import type { Principal } from "../auth/principal.ts";
import type { UserState } from "../durable/user-quota-types.ts";
import type { GatewayEnv } from "../env.ts";
import { readJson, validateBody } from "../http/read-json-body.ts";
import { afterResponse, warnLater } from "./after-response.ts";
import { AnswerEvents } from "./answer-ended.ts";
import type { PersonaSource, ScopePersona } from "./persona-source.ts";
import { readRequestHints } from "./request-hints.ts";
import type { Purpose, RequestScope } from "./request-scope.ts";
import { resolvePlan } from "./resolve-plan.ts";

/** Where a request's user state comes from: the user's quota object in production, a fixed state where there is no identity. */
export type UserStateSource = (env: GatewayEnv, principal: Principal) => Promise<UserState>;

/** A request body with the `model` field every AI endpoint takes (and, for chat, `response_format`). */
export type ModelBody = z.ZodType<{ model?: string | undefined; response_format?: { type: string } | undefined }>;

export interface ScopeDefinition<S extends ModelBody> {
  purpose: Purpose;
  schema: S;
  userState: UserStateSource;
  /** Where `x-chorus-persona` is looked up; absent where personas do not apply (embeddings). */
  personas?: PersonaSource;
}

async function personaOf(definition: ScopeDefinition<ModelBody>, env: GatewayEnv, principal: Principal, ref: string | undefined): Promise<ScopePersona | undefined> {
  const wanted = ref?.trim();
  if (!definition.personas || !wanted) return undefined;
  const persona = await definition.personas(env, principal, wanted);
  if (!persona) throw personaNotFound(wanted);
  return persona;
}

/**
 * Builds an AI request's scope, the one place that reads Hono's context for
 * it: the body parsed and validated once, the caller's state, the route
 * resolved once. The admin token acts for no user and cannot call models.
 */
export async function openScope<S extends ModelBody>(c: Context<{ Bindings: GatewayEnv }>, definition: ScopeDefinition<S>): Promise<RequestScope<z.output<S>>> {
  const principal = c.get("principal");
  if (principal.credential === "admin_token") {
    throw new GatewayError({ status: 403, code: "not_a_user", message: "The admin token acts for no user and cannot call models; use a user's token or API key." });
  }
  const raw = await readJson(c);
  const body = validateBody(definition.schema, raw);
  const config = c.get("config");
  const requestId = c.get("requestId");
  const hints = readRequestHints(c.req.raw.headers);
  const [user, persona] = await Promise.all([definition.userState(c.env, principal), personaOf(definition, c.env, principal, hints.persona)]);
  const plan = resolvePlan({
    purpose: definition.purpose, principal, config, user, hints, model: body.model,
    persona: persona?.profile ? { ref: persona.ref, profile: persona.profile } : undefined,
    structured: body.response_format?.type === "json_schema",
  });
  const executionCtx = c.executionCtx;
  return {
    requestId, purpose: definition.purpose, method: c.req.method, path: c.req.path,
    principal, config, env: c.env, clock: systemClock, signal: c.req.raw.signal,
    hints, raw, body, user, persona, plan, ended: new AnswerEvents(),
    later: (label, work) => afterResponse(executionCtx, requestId, label, work),
    warn: (label, error) => warnLater(requestId, label, error),
  };
}
