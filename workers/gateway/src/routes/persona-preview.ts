import { personaNotFound, personaPreviewSchema, type ChatRequest } from "@chorus/core";
import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";
import { readJson, validateBody } from "../http/read-json-body.ts";
import { answerWith } from "../request/ai-endpoint.ts";
import { buildScope, modelCaller, type UserStateSource } from "../request/open-scope.ts";
import type { PersonaSource } from "../request/persona-source.ts";
import { readRequestHints } from "../request/request-hints.ts";
import type { Stage } from "../request/stage.ts";

export interface PersonaPreviewParts {
  personas: PersonaSource;
  userState: UserStateSource;
  /** The chat stages: a preview is a chat request in every respect but its body. */
  stages: readonly Stage<ChatRequest>[];
}

/**
 * `POST /v1/personas/{ref}/preview` `{message, model?, stream?}`: one answer
 * in the persona's voice, as `POST /v1/chat/completions` with
 * `x-chorus-persona: {ref}` would give it (tiers, quotas, usage, the kill
 * switch and the answer's headers alike).
 */
export function personaPreview(parts: PersonaPreviewParts) {
  return new Hono<{ Bindings: GatewayEnv }>().post("/:ref/preview", async (c) => {
    const principal = modelCaller(c);
    const raw = await readJson(c);
    const input = validateBody(personaPreviewSchema, raw);
    const ref = c.req.param("ref");
    const [user, persona] = await Promise.all([parts.userState(c.env, principal), parts.personas(c.env, principal, ref)]);
    if (!persona) throw personaNotFound(ref);
    const body: ChatRequest = { messages: [{ role: "user", content: input.message }], stream: input.stream === true, ...(input.model !== undefined && { model: input.model }) };
    const hints = { ...readRequestHints(c.req.raw.headers), persona: ref };
    return answerWith(buildScope(c, { purpose: "chat", raw, body, hints, user, persona }), parts.stages);
  });
}
