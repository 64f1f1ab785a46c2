import { GatewayError, systemClock } from "@chorus/core";
import type { Context } from "hono";
import type * as z from "zod";
import type { Principal } from "../auth/principal.ts";
import type { UserState } from "../durable/user-quota-types.ts";
import type { GatewayEnv } from "../env.ts";
import { readJson, validateBody } from "../http/read-json-body.ts";
import { afterResponse, warnLater } from "./after-response.ts";
import { AnswerEvents } from "./answer-ended.ts";
import { readRequestHints } from "./request-hints.ts";
import type { Purpose, RequestScope } from "./request-scope.ts";
import { resolvePlan } from "./resolve-plan.ts";

/** Where a request's user state comes from: the user's quota object in production, a fixed state where there is no identity. */
export type UserStateSource = (env: GatewayEnv, principal: Principal) => Promise<UserState>;

/** A request body with the `model` field every AI endpoint takes. */
export type ModelBody = z.ZodType<{ model?: string | undefined }>;

export interface ScopeDefinition<S extends ModelBody> {
  purpose: Purpose;
  schema: S;
  userState: UserStateSource;
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
  const user = await definition.userState(c.env, principal);
  const plan = resolvePlan({ purpose: definition.purpose, principal, config, user, hints, model: body.model });
  const executionCtx = c.executionCtx;
  return {
    requestId, purpose: definition.purpose, method: c.req.method, path: c.req.path,
    principal, config, env: c.env, clock: systemClock, signal: c.req.raw.signal,
    hints, raw, body, user, plan, ended: new AnswerEvents(),
    later: (label, work) => afterResponse(executionCtx, requestId, label, work),
    warn: (label, error) => warnLater(requestId, label, error),
  };
}
