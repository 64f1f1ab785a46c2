import { refuseStatefulResponsesFields, responsesRequestSchema, responsesToChat, type ChatRequest } from "@chorus/core";
import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";
import { readJson, validateBody } from "../http/read-json-body.ts";
import { answerWith } from "../request/ai-endpoint.ts";
import { buildScope, modelCaller, personaOf, type UserStateSource } from "../request/open-scope.ts";
import type { PersonaSource } from "../request/persona-source.ts";
import { readRequestHints } from "../request/request-hints.ts";
import type { Stage } from "../request/stage.ts";
import { responsesAnswer } from "../responses/responses-answer.ts";

export interface ResponsesParts {
  /** The chat stages: a Responses request is a chat request in every respect but its wire shape. */
  stages: readonly Stage<ChatRequest>[];
  userState: UserStateSource;
  personas: PersonaSource;
}

/**
 * `POST /v1/responses`, stateless (CONTRACT.md "Responses API"): the body
 * translated once into the chat request it stands for, run through the chat
 * stages (router, headers, cache, quotas, personas, metering), and the answer
 * translated back at the edge. `previous_response_id` and `store: true` are
 * refused with 400 `unsupported_parameter`.
 */
export function responses(parts: ResponsesParts) {
  return new Hono<{ Bindings: GatewayEnv }>().post("/", async (c) => {
    const principal = modelCaller(c);
    const raw = await readJson(c);
    refuseStatefulResponsesFields(raw);
    const request = validateBody(responsesRequestSchema, raw);
    const hints = readRequestHints(c.req.raw.headers);
    const [user, persona] = await Promise.all([parts.userState(c.env, principal), personaOf(parts.personas, c.env, principal, hints.persona)]);
    const scope = buildScope(c, { purpose: "chat", raw, body: responsesToChat(request), hints, user, persona });
    const identity = { id: `resp_${crypto.randomUUID().replaceAll("-", "")}`, createdAt: Math.floor(scope.clock.now() / 1000) };
    return answerWith(scope, parts.stages, (answer) => responsesAnswer(answer, request, identity));
  });
}
