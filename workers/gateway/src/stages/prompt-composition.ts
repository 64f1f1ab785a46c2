import { composePrompt, type ChatRequest, type Pin } from "@chorus/core";
import type { Answer } from "../request/answer.ts";
import type { RequestScope } from "../request/request-scope.ts";
import type { Next } from "../request/stage.ts";

function pinOf(pins: Record<string, Pin> | undefined, value: string | undefined): Pin | undefined {
  const key = value?.trim();
  return pins && key && Object.hasOwn(pins, key) ? pins[key] : undefined;
}

/**
 * The prompt chain of CONTRACT.md (`composePrompt`): the mode's
 * instructions, the surface's context and the request's persona before the
 * caller's messages. The stages after it (cache, routing) see the composed
 * body; the answer names the persona in `x-chorus-persona`.
 */
export async function promptComposition(scope: RequestScope<ChatRequest>, next: Next<ChatRequest>): Promise<Answer> {
  const { modes, surfaces } = scope.config.profiles;
  const modeInstructions = pinOf(modes, scope.hints.mode)?.instructions;
  const surfaceContext = pinOf(surfaces, scope.hints.surface)?.context;
  const { persona } = scope;
  if (modeInstructions === undefined && surfaceContext === undefined && !persona) return next();
  const messages = composePrompt({ modeInstructions, surfaceContext, persona, messages: scope.body.messages });
  const answer = await next({ ...scope, body: { ...scope.body, messages } });
  if (persona) answer.headers["x-chorus-persona"] = persona.ref;
  return answer;
}
