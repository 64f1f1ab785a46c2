import { embeddingRequestSchema, type EmbeddingRequest } from "@chorus/core";
import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";
import { aiEndpoint } from "../request/ai-endpoint.ts";
import type { UserStateSource } from "../request/open-scope.ts";
import type { Stage } from "../request/stage.ts";

/** `POST /v1/embeddings`: its body and route resolved once, then `stages` in order (docs/architecture.md). */
export function embeddings(stages: readonly Stage<EmbeddingRequest>[], userState: UserStateSource) {
  return new Hono<{ Bindings: GatewayEnv }>().post("/", aiEndpoint({ purpose: "embeddings", schema: embeddingRequestSchema, userState, stages }));
}
