import type { ProviderId } from "./chat-types.ts";
import { readSetting } from "./read-setting.ts";

/** The variables the table below names: each real provider's key and base URL, and the demo switch. */
export type ProviderVariable = `${Uppercase<Exclude<ProviderId, "demo">>}_${"API_KEY" | "BASE_URL"}` | "DEMO_PROVIDER";

/** The environment as far as providers care: their variables, each possibly unset. */
export type ProviderEnv = { readonly [Name in ProviderVariable]?: string };

/** Facts about a provider that shared code may read. Behaviour lives in the provider's own folder. */
export interface ProviderFacts {
  id: ProviderId;
  label: string;
  /** What makes it usable: its key, its base URL, or (demo) nothing else being usable. */
  enabledBy: "key" | "baseUrl" | "fallback";
  keyEnv?: ProviderVariable;
  baseUrlEnv?: ProviderVariable;
  /** Models offered in `/v1/models` besides those named in profiles. */
  models: readonly string[];
  /** Embedding model used when a request names only the provider's embeddings. */
  embeddingModels: readonly string[];
  /**
   * Present when users may store their own key for this provider. `testModel`
   * is its cheapest chat model: `POST /v1/settings/keys/{provider}/test`
   * asks it for one token, which proves the key can really serve (a model
   * list would pass keys without credit or chat access).
   */
  ownKey?: { testModel: string };
}

export const PROVIDERS: Readonly<Record<ProviderId, ProviderFacts>> = {
  openai: {
    id: "openai", label: "OpenAI", enabledBy: "key", keyEnv: "OPENAI_API_KEY", baseUrlEnv: "OPENAI_BASE_URL",
    models: ["gpt-5.4", "gpt-5.4-mini"], embeddingModels: ["text-embedding-3-small", "text-embedding-3-large"],
    ownKey: { testModel: "gpt-5.4-mini" },
  },
  anthropic: {
    id: "anthropic", label: "Anthropic", enabledBy: "key", keyEnv: "ANTHROPIC_API_KEY", baseUrlEnv: "ANTHROPIC_BASE_URL",
    models: ["claude-opus-5", "claude-sonnet-5", "claude-haiku-5"], embeddingModels: [],
    ownKey: { testModel: "claude-haiku-5" },
  },
  google: {
    id: "google", label: "Google Gemini", enabledBy: "key", keyEnv: "GOOGLE_API_KEY", baseUrlEnv: "GOOGLE_BASE_URL",
    models: ["gemini-3-pro", "gemini-3-flash"], embeddingModels: ["text-embedding-004"],
    ownKey: { testModel: "gemini-3-flash" },
  },
  groq: {
    id: "groq", label: "Groq", enabledBy: "key", keyEnv: "GROQ_API_KEY", baseUrlEnv: "GROQ_BASE_URL",
    models: ["llama-3.3-70b-versatile"], embeddingModels: [],
    ownKey: { testModel: "llama-3.3-70b-versatile" },
  },
  local: {
    id: "local", label: "Local (OpenAI-compatible)", enabledBy: "baseUrl", keyEnv: "LOCAL_API_KEY", baseUrlEnv: "LOCAL_BASE_URL",
    models: [], embeddingModels: [],
  },
  demo: {
    id: "demo", label: "Demo (deterministic local model, not an LLM)", enabledBy: "fallback",
    models: ["chorus-demo"], embeddingModels: ["chorus-demo-embed"],
  },
};

export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

export function isProviderId(value: string): value is ProviderId {
  return Object.hasOwn(PROVIDERS, value);
}

/**
 * Providers a user may store an own key for, in table order. Not `local` (the
 * operator's own server) nor `demo` (no key at all).
 */
export const OWN_KEY_PROVIDER_IDS: readonly ProviderId[] = PROVIDER_IDS.filter((id) => PROVIDERS[id].ownKey !== undefined);

export function isOwnKeyProvider(value: string): value is ProviderId {
  return isProviderId(value) && PROVIDERS[value].ownKey !== undefined;
}

function setting(env: ProviderEnv, name: ProviderVariable | undefined): string | undefined {
  return name ? readSetting(env, name) : undefined;
}

/** A provider's platform key and base URL from the environment. */
export function providerSettings(env: ProviderEnv, id: ProviderId): { apiKey?: string; baseURL?: string } {
  const facts = PROVIDERS[id];
  return { apiKey: setting(env, facts.keyEnv), baseURL: setting(env, facts.baseUrlEnv) };
}

/**
 * Providers usable from the environment, in table order. The demo provider is
 * in the list only when nothing real is, and never with `DEMO_PROVIDER=off`.
 */
export function enabledProviders(env: ProviderEnv): ProviderId[] {
  const real = PROVIDER_IDS.filter((id) => {
    const facts = PROVIDERS[id];
    if (facts.enabledBy === "key") return setting(env, facts.keyEnv) !== undefined;
    if (facts.enabledBy === "baseUrl") return setting(env, facts.baseUrlEnv) !== undefined;
    return false;
  });
  if (real.length === 0 && demoAllowed(env)) return ["demo"];
  return real;
}

export function demoAllowed(env: ProviderEnv): boolean {
  return setting(env, "DEMO_PROVIDER") !== "off";
}
