import * as z from "zod";

// Cards in the wild leave fields out or set them to null; both mean empty.
const cardText = z.string().nullish().transform((value) => value ?? "");
const cardList = z.array(z.string()).nullish().transform((value) => value ?? []);

/** Chorus's own fields, kept in `data.extensions.chorus` so an exported card comes back whole. */
export const chorusCardExtensionSchema = z.looseObject({
  role: z.string().optional(),
  avatar: z.string().nullable().optional(),
  knowledge: z.array(z.string()).optional(),
  tools: z.array(z.string()).optional(),
});

/**
 * A Character Card V2 or V3 as `POST /v1/personas/import` reads it (the
 * fields the mapping uses; everything else, such as V3's assets or a
 * character book, is accepted and ignored). V1 cards (no `spec`) are refused.
 */
export const characterCardSchema = z.looseObject({
  spec: z.enum(["chara_card_v2", "chara_card_v3"], { error: "must be \"chara_card_v2\" or \"chara_card_v3\" (a Character Card V2 or V3)" }),
  data: z.looseObject({
    name: z.string().trim().min(1, "a card needs a name"),
    description: cardText,
    personality: cardText,
    scenario: cardText,
    mes_example: cardText,
    system_prompt: cardText,
    post_history_instructions: cardText,
    alternate_greetings: cardList,
    tags: cardList,
    extensions: z.looseObject({ chorus: chorusCardExtensionSchema.optional() }).nullish(),
  }),
});
export type CharacterCard = z.output<typeof characterCardSchema>;

/** A Character Card V2 as `GET /v1/personas/{ref}/export` writes it: every field the V2 spec requires. */
export interface CharacterCardV2 {
  spec: "chara_card_v2";
  spec_version: "2.0";
  data: {
    name: string;
    description: string;
    personality: string;
    scenario: string;
    first_mes: string;
    mes_example: string;
    creator_notes: string;
    system_prompt: string;
    post_history_instructions: string;
    alternate_greetings: string[];
    tags: string[];
    creator: string;
    character_version: string;
    extensions: { chorus: z.output<typeof chorusCardExtensionSchema> & { key: string; profile: string | null } };
  };
}
