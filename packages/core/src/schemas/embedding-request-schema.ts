import * as z from "zod";

/** The Embeddings body Chorus accepts; `model` as in `chatRequestSchema`. */
export const embeddingRequestSchema = z.object({
  model: z.string().min(1).optional(),
  input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(2048)]),
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(["float", "base64"]).optional(),
  user: z.string().optional(),
});
