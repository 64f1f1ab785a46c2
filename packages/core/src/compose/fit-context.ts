import type * as z from "zod";
import type { contextBlockSchema } from "../schemas/chorus-context-schema.ts";
import { estimateTextTokens } from "../tokens/token-estimate.ts";

export type ContextBlock = z.infer<typeof contextBlockSchema>;

export interface FittedContext {
  /** The blocks that fit, highest priority first (ties in the order sent). */
  kept: ContextBlock[];
  /** How many were left out (`x-chorus-context-dropped`). */
  dropped: number;
}

/**
 * Context blocks in priority order until `budgetTokens` is spent (the
 * sessions' estimator, `estimateTextTokens`). The first block that does not
 * fit ends the fitting: a smaller, lower block never takes the place of a
 * higher one, so the lowest priorities are always the ones dropped.
 */
export function fitContext(blocks: readonly ContextBlock[], budgetTokens: number): FittedContext {
  const ordered = blocks.map((block, index) => ({ block, index }))
    .sort((a, b) => b.block.priority - a.block.priority || a.index - b.index)
    .map(({ block }) => block);
  let spent = 0;
  let fits = 0;
  for (const block of ordered) {
    const cost = estimateTextTokens(block.text);
    if (spent + cost > budgetTokens) break;
    spent += cost;
    fits += 1;
  }
  return { kept: ordered.slice(0, fits), dropped: ordered.length - fits };
}
