import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";

/** 200 once the config parses and there is something to serve with. */
export const healthz = new Hono<{ Bindings: GatewayEnv }>().get("/", (c) => {
  const { enabled, profiles } = c.get("config");
  return c.json({ ok: true, providers: enabled, demo: enabled.includes("demo"), defaultProfile: profiles.defaultProfile });
});
