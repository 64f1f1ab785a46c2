import type { Clock, RoutePlan } from "@chorus/core";
import type { Principal } from "../auth/principal.ts";
import type { GatewayConfig } from "../config/gateway-config.ts";
import type { UserState } from "../durable/user-quota-types.ts";
import type { GatewayEnv } from "../env.ts";
import type { AnswerEvents } from "./answer-ended.ts";
import type { ChatAnswerCheck } from "./answer-check.ts";
import type { ScopePersona } from "./persona-source.ts";
import type { RequestHints } from "./request-hints.ts";

/** What a request is for: it decides the body schema and how the route resolves. */
export type Purpose = "chat" | "embeddings";

/**
 * Everything a stage of one request may use, built once before the stages
 * run (`openScope`): who asks, under which config, what they sent (parsed
 * and validated once), where it will be routed (resolved once), and the
 * request's time, signal and after-response work. Stages take what they
 * need from here, never from Hono's context.
 */
export interface RequestScope<Body = unknown> {
  readonly requestId: string;
  readonly purpose: Purpose;
  readonly method: string;
  readonly path: string;
  readonly principal: Principal;
  readonly config: GatewayConfig;
  readonly env: GatewayEnv;
  readonly clock: Clock;
  /** The client's signal: it aborts when the client goes away. */
  readonly signal: AbortSignal;
  readonly hints: RequestHints;
  /** The body as sent (JSON), for what must see it unchanged (the idempotency fingerprint). */
  readonly raw: unknown;
  /** The body validated against the purpose's schema. */
  readonly body: Body;
  /** The caller's settings and own-key providers. */
  readonly user: UserState;
  /** The persona `x-chorus-persona` addresses, found once. */
  readonly persona?: ScopePersona;
  /** The resolved route: profile, ordered candidates, reason. */
  readonly plan: RoutePlan;
  /** Checks a whole answer must pass before routing accepts it (guardrails, structured output); the route stage runs them. */
  readonly checks?: readonly ChatAnswerCheck[];
  /** Subscribers of the request's one `AnswerEnded`. */
  readonly ended: AnswerEvents;
  /** Runs `work` after the response (`waitUntil`); a failure is logged under `label`, never thrown. */
  later(label: string, work: Promise<unknown>): void;
  /** Logs a failure the client never sees. */
  warn(label: string, error: unknown): void;
}
