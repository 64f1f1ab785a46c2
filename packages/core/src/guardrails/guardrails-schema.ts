import * as z from "zod";
import { configObject, configText, mustBe, wholeNumber } from "../schemas/config-schema.ts";
import { PII_KINDS } from "./find-pii.ts";

const piiKind = z.enum(PII_KINDS, { error: mustBe(`one of ${PII_KINDS.join(", ")}`) });

const piiRail = <Action extends readonly [string, ...string[]]>(actions: Action) => configObject({
  detect: z.array(piiKind, { error: mustBe("an array of PII kinds") }).min(1, "must name at least one PII kind"),
  action: z.enum(actions, { error: mustBe(actions.map((action) => `"${action}"`).join(" or ")) }),
});

const isSchemaObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks of a feature's answers (and, under `input`, of its callers' messages); CONTRACT.md "Guardrails and structured output". */
export const guardrailsSchema = configObject({
  /** A JSON answer must parse and match this JSON Schema (2020-12). */
  jsonSchema: z.custom<Record<string, unknown>>(isSchemaObject, { error: mustBe("a JSON Schema object") }).optional(),
  markdown: configObject({
    maxHeadingLevel: wholeNumber(1).max(6, { error: mustBe("a whole number from 1 to 6") }).optional(),
    noRawHtml: z.boolean({ error: mustBe("true or false") }).optional(),
  }).optional(),
  pii: piiRail(["redact", "block", "retry"] as const).optional(),
  phrases: configObject({
    deny: z.array(configText(), { error: mustBe("an array of phrases") }).min(1, "must list at least one phrase"),
    action: z.enum(["block", "retry"], { error: mustBe(`"block" or "retry"`) }),
  }).optional(),
  /** Checks of the caller's messages before any call: `block` answers 400, `redact` masks what the provider sees. */
  input: configObject({ pii: piiRail(["redact", "block"] as const).optional() }).optional(),
});

/** Served when no candidate's answer passes a feature's rails. */
export const guardrailFallbackSchema = configObject({ content: configText() });
