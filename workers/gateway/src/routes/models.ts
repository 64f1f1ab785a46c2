import { PROVIDERS } from "@chorus/core";
import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";

interface ModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/** Profiles first, then the concrete `provider/model` ids the caller may address directly. */
export const models = new Hono<{ Bindings: GatewayEnv }>().get("/", (c) => {
  const { profiles, enabled, demoAllowed } = c.var.config;
  const entries: ModelEntry[] = Object.keys(profiles.profiles).map((id) => ({ id, object: "model", created: 0, owned_by: "chorus" }));
  const concrete = new Set<string>();
  for (const profile of Object.values(profiles.profiles)) {
    for (const candidate of profile.candidates) {
      if (enabled.includes(candidate.provider)) concrete.add(`${candidate.provider}/${candidate.model}`);
    }
  }
  for (const provider of enabled) for (const model of PROVIDERS[provider].models) concrete.add(`${provider}/${model}`);
  if (demoAllowed) for (const model of PROVIDERS.demo.models) concrete.add(`demo/${model}`);
  for (const id of concrete) entries.push({ id, object: "model", created: 0, owned_by: id.slice(0, id.indexOf("/")) });
  return c.json({ object: "list", data: entries });
});
