import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";
import { PLAYGROUND_HTML } from "./playground-page.ts";

export const playground = new Hono<{ Bindings: GatewayEnv }>().get("/", (c) => c.html(PLAYGROUND_HTML));
