import { checkInputMessages, type ChatRequest } from "@chorus/core";
import { featureOf } from "../request/feature-of.ts";
import type { Stage } from "../request/stage.ts";

/**
 * The feature's input rails over the caller's messages, before the cache or
 * any provider sees them: `block` answers 400 `guardrail_input`, `redact`
 * passes the masked messages on.
 */
export const inputGuardrails: Stage<ChatRequest> = (scope, next) => {
  const rails = featureOf(scope)?.config.guardrails?.input;
  if (!rails) return next();
  const messages = checkInputMessages(scope.body.messages, rails);
  const changed = messages.some((message, index) => message !== scope.body.messages[index]);
  return changed ? next({ ...scope, body: { ...scope.body, messages } }) : next();
};
