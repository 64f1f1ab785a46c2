import type { Handler } from "hono";
import type * as z from "zod";
import type { GatewayEnv } from "../env.ts";
import { toGatewayError } from "../http/to-gateway-error.ts";
import type { Answer } from "./answer.ts";
import { openScope, type ModelBody, type ScopeDefinition } from "./open-scope.ts";
import type { RequestScope } from "./request-scope.ts";
import { publishEnded, sendAnswer } from "./send-answer.ts";
import { runStages, type Stage } from "./stage.ts";

/** The status the client gets for a failure: 499 when it left and its leaving ended the work. */
function statusOf(error: unknown, signal: AbortSignal): number {
  return signal.aborted && error === signal.reason ? 499 : toGatewayError(error).error.status;
}

/** Publishes a request's outcome when its stages threw: the status the client gets, and whether it had left. */
export function publishFailed(scope: RequestScope, error: unknown): void {
  const status = statusOf(error, scope.signal);
  publishEnded(scope, { status, error, cancelled: status === 499, streamed: false });
}

/**
 * Runs `stages` over `scope` and sends the answer, shaped last by `edge`
 * when given (another API's body or events); a failure's outcome is
 * published, then the failure rethrown.
 */
export async function answerWith<Body>(scope: RequestScope<Body>, stages: readonly Stage<Body>[], edge?: (answer: Answer) => Answer): Promise<Response> {
  try {
    const answer = await runStages(stages, scope);
    return sendAnswer(scope, edge ? edge(answer) : answer);
  } catch (error) {
    publishFailed(scope, error);
    throw error;
  }
}

export interface AiEndpoint<S extends ModelBody> extends ScopeDefinition<S> {
  /** The request path, in order: see docs/architecture.md. */
  stages: readonly Stage<z.output<S>>[];
}

/**
 * The handler of an endpoint that calls a model: its scope opened once,
 * its stages run in order, the answer sent, and the one `AnswerEnded`
 * published, a failure's too (then rethrown for the app's error handler).
 */
export function aiEndpoint<S extends ModelBody>(endpoint: AiEndpoint<S>): Handler<{ Bindings: GatewayEnv }> {
  return async (c) => answerWith(await openScope(c, endpoint), endpoint.stages);
}
