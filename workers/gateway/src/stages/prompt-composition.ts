import { composePrompt, DEFAULT_CONTEXT_TOKENS, fitContext, type ChatRequest, type Pin } from "@chorus/core";
import type { Answer } from "../request/answer.ts";
import type { RequestScope } from "../request/request-scope.ts";
import type { Next } from "../request/stage.ts";

function pinOf(pins: Record<string, Pin> | undefined, value: string | undefined): Pin | undefined {
  const key = value?.trim();
  return pins && key && Object.hasOwn(pins, key) ? pins[key] : undefined;
}

/**
 * The prompt chain of CONTRACT.md (`composePrompt`): the mode's
 * instructions, the surface's context, the request's context blocks that fit
 * its budget (`fitContext`) and the request's persona before the caller's
 * messages. The stages after it (cache, routing) see the composed body,
 * without the `chorus` field; the answer names the persona in
 * `x-chorus-persona` and the blocks left out in `x-chorus-context-dropped`.
 */
export async function promptComposition(scope: RequestScope<ChatRequest>, next: Next<ChatRequest>): Promise<Answer> {
  const { modes, surfaces } = scope.config.profiles;
  const modeInstructions = pinOf(modes, scope.hints.mode)?.instructions;
  const surfaceContext = pinOf(surfaces, scope.hints.surface)?.context;
  const { persona } = scope;
  const { chorus, ...body } = scope.body;
  const fitted = fitContext(chorus?.context ?? [], chorus?.contextTokens ?? DEFAULT_CONTEXT_TOKENS);
  const context = fitted.kept.map((block) => block.text);
  const composes = modeInstructions !== undefined || surfaceContext !== undefined || context.length > 0 || persona !== undefined;
  if (!composes && chorus === undefined) return next();
  const messages = composes ? composePrompt({ modeInstructions, surfaceContext, context, persona, messages: body.messages }) : body.messages;
  const answer = await next({ ...scope, body: { ...body, messages } });
  if (persona) answer.headers["x-chorus-persona"] = persona.ref;
  if (fitted.dropped > 0) answer.headers["x-chorus-context-dropped"] = String(fitted.dropped);
  return answer;
}
