import * as z from "zod";

/** `POST /v1/personas/{ref}/preview`: one message answered in the persona's voice. */
export const personaPreviewSchema = z.object({
  message: z.string().min(1, "must not be empty"),
  model: z.string().min(1).optional(),
  stream: z.boolean().optional(),
});

export type PersonaPreview = z.infer<typeof personaPreviewSchema>;
