import { env } from "cloudflare:test";
import { chatCacheKey, type ChatMessage, type ProviderId } from "@chorus/core";
import type { GatewayEnv } from "../../workers/gateway/src/env.ts";
import { DEFAULT_USER } from "./gateway-client.ts";

export const bindings = env as unknown as GatewayEnv & Record<string, string>;

/** A model id no other test uses, so its cache entries and fake request log are this test's alone. */
export const uniqueModel = (provider = "openai") => `${provider}/cache-${crypto.randomUUID()}`;

export const ask = (text: string): ChatMessage[] => [{ role: "user", content: text }];

/** Chat requests the fake OpenAI received for this model (the gateway sends the part after `provider/`). */
export async function upstreamCalls(model: string, path = "/v1/chat/completions"): Promise<number> {
  const requests = (await (await fetch(`${bindings.FAKE_OPENAI_URL}/__requests`)).json()) as { path: string; body: { model?: string } }[];
  const wanted = model.slice(model.indexOf("/") + 1);
  return requests.filter((request) => request.path.endsWith(path) && request.body?.model === wanted).length;
}

/** The exact-cache key of a request served by `candidate` (`provider/model`) under `profile` (default `direct`), as the default test user. */
export function keyFor(messages: ChatMessage[], served: { candidate: string; profile?: string; shared?: boolean }): Promise<string> {
  const slash = served.candidate.indexOf("/");
  return chatCacheKey({
    request: { model: served.candidate, messages },
    target: {
      profile: served.profile ?? "direct",
      candidates: [{ provider: served.candidate.slice(0, slash) as ProviderId, model: served.candidate.slice(slash + 1) }],
    },
    scope: served.shared ? undefined : DEFAULT_USER.sub,
  });
}

/** Seconds until the KV entry under `key` expires; undefined when there is none. */
export async function secondsToLive(key: string): Promise<number | undefined> {
  const { keys } = await bindings.CACHE.list({ prefix: key });
  const expiration = keys.find((entry) => entry.name === key)?.expiration;
  return expiration === undefined ? undefined : expiration - Math.floor(Date.now() / 1000);
}
