import * as z from "zod";

/**
 * `PUT /v1/settings/keys/{provider}`. Only the shape is checked here: visible
 * ASCII with no spaces, as every provider's keys are, and a sane length.
 * Whether the provider takes it is what `.../test` is for; prefixes are not
 * checked, as providers change them (`sk-proj-`, `sk-svcacct-`, ...).
 * Issue messages never quote the value.
 */
export const ownKeyBody = z.strictObject({
  apiKey: z.string().trim().min(8, "is too short to be a provider key").max(512, "is too long to be a provider key")
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII with no spaces"),
});

/** `POST /v1/settings/keys/{provider}/test`; the body is optional. */
export const ownKeyTestBody = z.strictObject({
  /** The provider's own model id to try; default the provider's cheapest (`PROVIDERS[id].ownKey.testModel`). */
  model: z.string().trim().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters").optional(),
});
