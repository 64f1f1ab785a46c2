import { fitContext, type FittedContext } from "../compose/fit-context.ts";
import { contextBlockSchema } from "../schemas/chorus-context-schema.ts";
import { valueAt, type PlaceholderValues } from "./fill-placeholders.ts";
import type { PipelineContext } from "./pipeline-schema.ts";

/**
 * A call's reference material fitted to its budget by priority, as a chat
 * request's `chorus.context` is (`fitContext`, the estimator sessions use):
 * the blocks at `context.from`, each `{text, priority}` or a plain string
 * (priority 0); anything else there is not reference material and is skipped.
 */
export function fitCallContext(context: PipelineContext, values: PlaceholderValues): FittedContext {
  const found = valueAt(values, context.from);
  const blocks = (Array.isArray(found) ? found : []).flatMap((item: unknown) => {
    const parsed = contextBlockSchema.safeParse(typeof item === "string" ? { text: item, priority: 0 } : item);
    return parsed.success ? [parsed.data] : [];
  });
  return fitContext(blocks, context.tokens);
}
