import * as z from "zod";

const modelName = z.string().trim().min(1).max(200);

/**
 * `PUT /v1/settings`: any subset of the settings; the fields given are
 * merged. Unknown fields are refused, so a misspelt `usagelimit` is a 400
 * rather than a silent no-op.
 */
export const settingsPatchSchema = z.strictObject({
  /** A profile or `provider/model` (checked against the gateway's profiles by the route); null clears it. */
  preferredModel: modelName.nullable().optional(),
  favoriteModels: z.array(modelName).max(50).optional(),
  aiEnabled: z.boolean().optional(),
  /** Requests per `usagePeriod`; null removes the limit. */
  usageLimit: z.number().int().positive().max(1_000_000_000).nullable().optional(),
  usagePeriod: z.enum(["daily", "monthly"]).optional(),
});
