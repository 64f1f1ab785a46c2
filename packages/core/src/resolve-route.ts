import type { ProviderId } from "./chat-types.ts";
import { GatewayError } from "./gateway-error.ts";
import { DIRECT_PROFILE, type ProfileConfig, type ProfileSet, type ProfilesConfig } from "./profiles-config.ts";
import { isProviderId, PROVIDER_IDS, PROVIDERS } from "./provider-catalog.ts";
import type { Candidate, RoutePlan } from "./route-types.ts";

export interface ResolveRouteInput {
  /** The request's `model`: a profile name, `provider/model`, or absent. */
  model?: string;
  /** `x-chorus-mode`. */
  mode?: string;
  /** `x-chorus-surface`. */
  surface?: string;
  /** The user's stored preference; skipped (not an error) when it no longer resolves. */
  preferredModel?: string;
  /** The profile the request's persona pins (`x-chorus-persona`), after the preference in the chain. */
  persona?: { ref: string; profile: string };
  /** The request asks for `response_format` json_schema: a pin's `structuredProfile` serves it. */
  structured?: boolean;
  config: ProfilesConfig;
  enabled: readonly ProviderId[];
  demoAllowed: boolean;
  /** Which profile set and demo model apply; `chat` unless told. */
  purpose?: "chat" | "embeddings";
}

type ProfileTable = Pick<ProfileSet, "defaultProfile" | "profiles"> & Partial<Pick<ProfileSet, "modes" | "surfaces">>;

/** The demo model that stands in for every profile when nothing real is configured. */
const DEMO_MODEL = { chat: "chorus-demo", embeddings: "chorus-demo-embed" } as const;

interface Context {
  input: ResolveRouteInput;
  /** The purpose's own set: where the default and the pins come from. */
  table: ProfileTable | undefined;
  /** Where a profile the request names is looked up, in order. */
  named: readonly ProfileTable[];
}

function own<T>(record: Record<string, T> | undefined, key: string | undefined): T | undefined {
  return record && key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function present(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}

function profileOf(context: Context, name: string): ProfileConfig | undefined {
  for (const table of context.named) {
    const profile = own(table.profiles, name);
    if (profile) return profile;
  }
  return undefined;
}

function profileNames(context: Context): string {
  const names = [...new Set(context.named.flatMap((table) => Object.keys(table.profiles)))];
  return names.length > 0 ? names.join(", ") : "none configured";
}

function notFound(message: string): GatewayError {
  return new GatewayError({ status: 404, code: "model_not_found", message, param: "model" });
}

/** Where a bare model id is offered, suggests its `provider/model` form. */
function suggestion(context: Context, name: string): string {
  const listed = context.named.flatMap((table) => Object.values(table.profiles)).flatMap((profile) => profile.candidates);
  const offered = PROVIDER_IDS.flatMap((id) => [...PROVIDERS[id].models, ...PROVIDERS[id].embeddingModels].map((model) => ({ provider: id, model })));
  const match = [...listed, ...offered].find((candidate) => candidate.model === name);
  return match ? ` For that model use "${match.provider}/${match.model}".` : "";
}

function unknownProfile(context: Context, name: string): GatewayError {
  return notFound(
    `The model "${name}" does not exist. Use a profile (${profileNames(context)}) or "provider/model".${suggestion(context, name)}`,
  );
}

function howToEnable(provider: ProviderId): string {
  const facts = PROVIDERS[provider];
  if (facts.enabledBy === "key") return `set ${facts.keyEnv} to enable it`;
  if (facts.enabledBy === "baseUrl") return `set ${facts.baseUrlEnv} to enable it`;
  return "it is turned off by DEMO_PROVIDER=off";
}

/** `provider/model` -> a one-candidate plan; the model part may itself contain "/". */
function directPlan(context: Context, name: string, reason: string): RoutePlan {
  const slash = name.indexOf("/");
  const prefix = name.slice(0, slash);
  const model = name.slice(slash + 1);
  if (!isProviderId(prefix)) {
    throw notFound(`Unknown provider "${prefix}" in model "${name}": use one of ${PROVIDER_IDS.join(", ")}, or a profile (${profileNames(context)}).`);
  }
  if (model.trim() === "") throw notFound(`The model "${name}" names no model after "${prefix}/".`);
  const { input } = context;
  const usable = PROVIDERS[prefix].enabledBy === "fallback" ? input.demoAllowed : input.enabled.includes(prefix);
  if (!usable) {
    throw new GatewayError({
      status: 503, code: "provider_unavailable", param: "model",
      message: `The provider "${prefix}" is not available on this gateway: ${howToEnable(prefix)}.`,
    });
  }
  return { profile: DIRECT_PROFILE, candidates: [{ provider: prefix, model }], reason };
}

function profilePlan(context: Context, name: string, reason: string): RoutePlan {
  const profile = profileOf(context, name);
  if (!profile) throw unknownProfile(context, name);
  const { enabled, purpose = "chat" } = context.input;
  if (enabled.length === 1 && enabled[0] === "demo") {
    return { profile: name, candidates: [{ provider: "demo", model: DEMO_MODEL[purpose] }], reason: `${reason} (demo)` };
  }
  const candidates: Candidate[] = profile.candidates
    .filter((candidate) => enabled.includes(candidate.provider))
    .map(({ provider, model, degraded }) => (degraded ? { provider, model, degraded } : { provider, model }));
  if (candidates.length === 0) {
    const listed = [...new Set(profile.candidates.map((candidate) => candidate.provider))].join(", ");
    throw new GatewayError({
      status: 503, code: "no_candidate_available",
      message: `No provider of profile "${name}" is enabled (it lists ${listed}; enabled: ${enabled.join(", ") || "none"}).`,
    });
  }
  return { profile: name, candidates, reason };
}

function planFor(context: Context, name: string, origin: "model" | "preference"): RoutePlan {
  if (name.includes("/")) return directPlan(context, name, origin === "model" ? DIRECT_PROFILE : `preference:${DIRECT_PROFILE}`);
  return profilePlan(context, name, origin === "model" ? `model=${name}` : `preference:${name}`);
}

/** A stored preference is a wish, not a request: if it no longer resolves, the chain goes on. */
function preferredPlan(context: Context, name: string): RoutePlan | undefined {
  try {
    return planFor(context, name, "preference");
  } catch (error) {
    if (error instanceof GatewayError) return undefined;
    throw error;
  }
}

/**
 * Picks the profile and its usable candidates for one request. Chain:
 * explicit `model` -> user preference -> persona pin -> mode pin -> surface
 * pin -> default.
 * Throws `GatewayError` 404 `model_not_found`, 503 `provider_unavailable` or
 * 503 `no_candidate_available`.
 */
export function resolveRoute(input: ResolveRouteInput): RoutePlan {
  const embeddings = input.purpose === "embeddings";
  const table: ProfileTable | undefined = embeddings ? input.config.embeddings : input.config;
  // Embeddings also take a profile from `profiles` by name (operators define embedding profiles there too);
  // their own set comes first, and only it supplies the default, so chat models never serve embeddings unasked.
  const named = embeddings ? [input.config.embeddings, input.config].filter((set) => set !== undefined) : [input.config];
  const context: Context = { input, table, named };
  const model = present(input.model);
  if (model) return planFor(context, model, "model");
  const preferred = present(input.preferredModel);
  const plan = preferred === undefined ? undefined : preferredPlan(context, preferred);
  if (plan) return plan;
  if (input.persona) return profilePlan(context, input.persona.profile, `persona:${input.persona.ref}->${input.persona.profile}`);
  for (const [kind, value] of [["mode", present(input.mode)], ["surface", present(input.surface)]] as const) {
    const pin = own(kind === "mode" ? table?.modes : table?.surfaces, value);
    if (!pin) continue;
    const profile = (input.structured ? pin.structuredProfile : undefined) ?? pin.profile;
    return profilePlan(context, profile, `${kind}:${value}->${profile}`);
  }
  if (!table) throw notFound(`No ${input.purpose ?? "chat"} profiles are configured: name a profile (${profileNames(context)}) or a model as "provider/model".`);
  return profilePlan(context, table.defaultProfile, `default:${table.defaultProfile}`);
}
