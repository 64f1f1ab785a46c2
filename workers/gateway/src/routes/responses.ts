import { GatewayError } from "@chorus/core";
import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";

/** Planned (CONTRACT.md): until then an OpenAI-shaped 404 that says so. */
export const responses = new Hono<{ Bindings: GatewayEnv }>().all("/*", () => {
  throw new GatewayError({ status: 404, code: "unsupported_endpoint", message: "POST /v1/responses is planned; use /v1/chat/completions for now." });
});
