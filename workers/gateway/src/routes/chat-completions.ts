import { chatRequestSchema, type ChatRequest } from "@chorus/core";
import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";
import { aiEndpoint } from "../request/ai-endpoint.ts";
import type { UserStateSource } from "../request/open-scope.ts";
import type { PersonaSource } from "../request/persona-source.ts";
import type { Stage } from "../request/stage.ts";

/** `POST /v1/chat/completions`: its body and route resolved once, then `stages` in order (docs/architecture.md). */
export function chatCompletions(stages: readonly Stage<ChatRequest>[], userState: UserStateSource, personas: PersonaSource) {
  return new Hono<{ Bindings: GatewayEnv }>().post("/", aiEndpoint({ purpose: "chat", schema: chatRequestSchema, userState, personas, stages }));
}
