import * as z from "zod";

/** Bounds of a request's context blocks: as a persona's lists, so one request cannot carry a novel. */
export const MAX_CONTEXT_BLOCKS = 50;
export const MAX_CONTEXT_BLOCK_CHARS = 20_000;
/** The budget when a request sends blocks without one: the sessions' default. */
export const DEFAULT_CONTEXT_TOKENS = 8_000;

export const contextBlockSchema = z.object({
  text: z.string().min(1, "must not be empty").max(MAX_CONTEXT_BLOCK_CHARS, `must be at most ${MAX_CONTEXT_BLOCK_CHARS} characters`),
  /** Higher first; the lowest are dropped first when the budget runs out. */
  priority: z.number().int().min(-1_000_000).max(1_000_000),
});

/**
 * Chorus's own request field (`chorus`, CONTRACT.md "Guardrails and
 * structured output"): context blocks fitted into the system text under
 * `contextTokens` (estimated tokens of the blocks alone).
 */
export const chorusRequestFieldsSchema = z.object({
  context: z.array(contextBlockSchema).max(MAX_CONTEXT_BLOCKS, `must hold at most ${MAX_CONTEXT_BLOCKS} blocks`).optional(),
  contextTokens: z.number().int().positive().max(1_000_000).optional(),
});
