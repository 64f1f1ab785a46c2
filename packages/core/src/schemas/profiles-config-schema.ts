import * as z from "zod";
import { PROVIDER_IDS } from "../provider-catalog.ts";
import { guardrailFallbackSchema, guardrailsSchema } from "../guardrails/guardrails-schema.ts";
import { configObject, configRecord, configText, mustBe, providerId, providerRecord, wholeNumber } from "./config-schema.ts";

/** The profile name reported for a concrete `provider/model`; reserved, so no profile may use it. */
export const DIRECT_PROFILE = "direct";

const unknownProvider = (name: string) => `unknown provider "${name}" (one of ${PROVIDER_IDS.join(", ")})`;

function profileNameProblem(name: string): string | undefined {
  if (name.includes("/")) return `profile names must not contain "/" (that form means provider/model)`;
  if (name === DIRECT_PROFILE) return `"${DIRECT_PROFILE}" is reserved for provider/model requests`;
  if (!/^[A-Za-z0-9][\w.:-]*$/.test(name)) return `profile names use letters, digits, ".", "_", ":" and "-" (they travel in headers)`;
  return undefined;
}

export const candidateSchema = configObject({
  provider: providerId(unknownProvider),
  model: configText(),
  /** Served only when the candidates before it failed; its answers carry the profile's `disclaimer`. */
  degraded: z.boolean({ error: mustBe("true or false") }).optional(),
});

/** One profile: an intent mapped to candidates tried in order. */
export const profileSchema = configObject({
  candidates: z.array(candidateSchema, { error: mustBe("an array of {provider, model}") }).min(1, "must list at least one candidate"),
  /** Overrides `CACHE_TTL_SECONDS` for answers of this profile; 0 = never cached. */
  cacheTtlSeconds: wholeNumber(0).optional(),
  description: configText().optional(),
  /** Prefer candidates whose observed p95 latency meets this; the others keep their order behind them. */
  latencyTargetMs: wholeNumber(1).optional(),
  /** If the serving candidate has sent no first byte after `afterMs`, the next one starts too; the first byte wins. */
  hedge: configObject({ afterMs: wholeNumber(1) }).optional(),
  /** Added to answers served by a `degraded` candidate. */
  disclaimer: configText().optional(),
});

const profilesSchema = configRecord(profileSchema, { key: profileNameProblem, empty: "must define at least one profile" });

/**
 * What an `x-chorus-mode` or `x-chorus-surface` value pins: a profile, and
 * optionally text composed before the caller's messages (a mode's
 * `instructions`, a surface's `context`) and the profile that serves its
 * requests asking for `response_format` json_schema (`structuredProfile`).
 * The string form names the profile alone.
 */
const pinObjectSchema = configObject({
  profile: configText(),
  instructions: configText().optional(),
  context: configText().optional(),
  structuredProfile: configText().optional(),
});

const pinSchema = z.union([
  configText().transform((profile): z.output<typeof pinObjectSchema> => ({ profile })),
  pinObjectSchema,
], { error: mustBe(`a profile name, or {profile, instructions?, context?, structuredProfile?}`) });

export type Pin = z.output<typeof pinSchema>;

/** `x-chorus-mode` or `x-chorus-surface` value -> what it pins. */
const pinsSchema = configRecord(pinSchema);

/** Per-provider limits an operator sets in the profiles file. */
export const providerPolicySchema = configObject({
  /** Tokens (in + out) a day across all users; the provider is skipped once projected over it. */
  dailyTokenBudget: wholeNumber(1).optional(),
});

const similarity = mustBe("a number in (0, 1]");

/** Per-feature behaviour, chosen by the `x-chorus-feature` header. */
export const featureSchema = configObject({
  /** Overrides the profile's and the default cache TTL; 0 = never cached. */
  cacheTtlSeconds: wholeNumber(0).optional(),
  /** `shared`: one cache entry serves every caller (answers that are not personal); default `user`. */
  cacheScope: z.enum(["user", "shared"], { error: mustBe(`"user" or "shared"`) }).optional(),
  /** Opt-in: serve a cached answer to a question whose embedding is this similar (cosine) to a cached one. */
  semanticCache: configObject({
    threshold: z.number({ error: similarity }).gt(0, { error: similarity }).max(1, { error: similarity }),
    maxEntries: wholeNumber(1).optional(),
  }).optional(),
  guardrails: guardrailsSchema.optional(),
  /** What a request of this feature gets when no candidate's answer passes its guardrails (else 422). */
  fallback: guardrailFallbackSchema.optional(),
});

interface Table {
  defaultProfile: string;
  profiles: Record<string, unknown>;
}

/** A name that must be one of `table`'s profiles: an issue at `path` when it is not. */
function checkKnown(table: Table, name: string, path: PropertyKey[], ctx: z.RefinementCtx): void {
  if (Object.hasOwn(table.profiles, name)) return;
  ctx.addIssue({ code: "custom", path, input: name, message: `"${name}" is not a profile (defined: ${Object.keys(table.profiles).join(", ")})` });
}

const setShape = { defaultProfile: configText(), profiles: profilesSchema };

/** Embedding profiles, kept apart so a chat request never lands on an embedding model and vectors never mix across models by fallback. */
const embeddingSetSchema = configObject(setShape).superRefine((set, ctx) => checkKnown(set, set.defaultProfile, ["defaultProfile"], ctx));

/**
 * `config/llm-profiles.json` (or `LLM_PROFILES`). Chat profiles at the top,
 * with the pins that choose among them; embedding profiles, if any, in their
 * own set.
 */
export const profilesConfigSchema = configObject({
  ...setShape,
  modes: pinsSchema.optional(),
  surfaces: pinsSchema.optional(),
  embeddings: embeddingSetSchema.optional(),
  description: configText().optional(),
  providers: providerRecord(providerPolicySchema, unknownProvider).optional(),
  features: configRecord(featureSchema).optional(),
}).superRefine((config, ctx) => {
  checkKnown(config, config.defaultProfile, ["defaultProfile"], ctx);
  for (const pins of ["modes", "surfaces"] as const) {
    for (const [key, pin] of Object.entries(config[pins] ?? {})) {
      checkKnown(config, pin.profile, [pins, key], ctx);
      if (pin.structuredProfile !== undefined) checkKnown(config, pin.structuredProfile, [pins, key, "structuredProfile"], ctx);
    }
  }
});
