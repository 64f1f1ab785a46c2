import { providerSettings, TtlCache, UpstreamError, type ChatAdapter, type ProviderEnv, type ProviderId } from "@chorus/core";
import { ADAPTER_FACTORIES } from "@chorus/providers";
import { OwnKeyRejected } from "./own-key-rejected.ts";

/** A user's key, with the fingerprint its breaker and its cached adapter are named by. */
export interface OwnKey {
  provider: ProviderId;
  apiKey: string;
  fingerprint: string;
}

/** Own keys are many, unlike platform keys; a bound keeps a flood of them from growing the cache for good. */
const adapters = new TtlCache<{ apiKey: string; adapter: ChatAdapter }>({ name: "own-key adapters", ttlMs: 60 * 60_000, maxEntries: 256 });

/** Built once per isolate and key, like `adapterFor`: SDK clients keep their connection pools. */
function cachedAdapter(env: ProviderEnv, key: OwnKey): ChatAdapter {
  const { baseURL } = providerSettings(env, key.provider);
  const name = `${key.provider}\u0000${key.fingerprint}\u0000${baseURL ?? ""}`;
  const found = adapters.get(name);
  // Fingerprints are 64 bits: the key itself decides, so a collision can never lend one user's key to another.
  if (found && found.apiKey === key.apiKey) return found.adapter;
  const entry = { apiKey: key.apiKey, adapter: ADAPTER_FACTORIES[key.provider]({ apiKey: key.apiKey, baseURL }) };
  adapters.set(name, entry);
  return entry.adapter;
}

/**
 * The adapter for a provider with a user's own key. A refusal of the key
 * (401/403) becomes `OwnKeyRejected`, and `onRejected` runs so the caller can
 * drop the key from its caches.
 */
export function ownKeyAdapter(env: ProviderEnv, key: OwnKey, onRejected: () => void): ChatAdapter {
  const adapter = cachedAdapter(env, key);
  const mapped = (error: unknown): unknown => {
    if (!(error instanceof UpstreamError) || error.kind !== "auth") return error;
    onRejected();
    return new OwnKeyRejected(key.provider, error.status);
  };
  const rethrow = (error: unknown): never => {
    throw mapped(error);
  };
  const wrapped: ChatAdapter = {
    chat: (request, context) => adapter.chat(request, context).catch(rethrow),
    async *stream(request, context) {
      try {
        yield* adapter.stream(request, context);
      } catch (error) {
        rethrow(error);
      }
    },
  };
  if (adapter.embed) wrapped.embed = (request, context) => adapter.embed!(request, context).catch(rethrow);
  return wrapped;
}
