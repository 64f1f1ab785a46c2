import { providerSettings, TtlCache, type ChatAdapter, type ProviderEnv, type ProviderId } from "@chorus/core";
import { ADAPTER_FACTORIES } from "@chorus/providers";

/** Platform keys are few; the bound only keeps a stream of key rotations from growing the cache for good. */
const adapters = new TtlCache<ChatAdapter>({ name: "platform adapters", ttlMs: 60 * 60_000, maxEntries: 64 });

/**
 * The adapter for a provider with the platform's key, built once per isolate
 * and key: SDK clients keep their connection pools across requests.
 */
export function adapterFor(env: ProviderEnv, provider: ProviderId): ChatAdapter {
  const { apiKey, baseURL } = providerSettings(env, provider);
  const key = `${provider}\u0000${apiKey ?? ""}\u0000${baseURL ?? ""}`;
  let adapter = adapters.get(key);
  if (!adapter) {
    adapter = ADAPTER_FACTORIES[provider]({ apiKey, baseURL });
    adapters.set(key, adapter);
  }
  return adapter;
}
