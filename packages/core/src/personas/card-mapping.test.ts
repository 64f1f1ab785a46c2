import { describe, expect, it } from "vitest";
import { cardToPersona } from "./card-to-persona.ts";
import { characterCardSchema } from "./character-card.ts";
import { personaInputSchema, type Persona } from "./persona-schema.ts";
import { personaToCard } from "./persona-to-card.ts";

const v2Card = {
  spec: "chara_card_v2",
  spec_version: "2.0",
  data: {
    name: "Flamenco Poet",
    description: "A poet from Seville who answers in verse.",
    personality: "Passionate, dramatic, warm.",
    scenario: "A late night in a tablao.",
    first_mes: "¡Olé! Sit down, friend.",
    mes_example: "<START>\n{{user}}: Hi\n{{char}}: Welcome, stranger of the night!",
    creator_notes: "Not used in prompts.",
    system_prompt: "You are the Flamenco Poet.",
    post_history_instructions: "Always rhyme.\n\n  Never break character.  \n",
    alternate_greetings: ["What shall we sing tonight?", "  "],
    character_book: { entries: [{ keys: ["seville"], content: "A city." }] },
    tags: ["poetry", "spanish", "poetry"],
    creator: "someone",
    character_version: "1.0",
    extensions: { talkativeness: "0.5" },
  },
};

const v3Card = {
  spec: "chara_card_v3",
  spec_version: "3.0",
  data: {
    ...v2Card.data,
    nickname: "Poet",
    group_only_greetings: [],
    assets: [{ type: "icon", uri: "ccdefault:", name: "main", ext: "png" }],
    creation_date: 1700000000,
  },
};

function imported(card: unknown, key = "flamenco-poet") {
  return personaInputSchema.parse(cardToPersona(characterCardSchema.parse(card), key));
}

describe("cardToPersona", () => {
  it("maps a V2 card's fields as the contract says", () => {
    expect(imported(v2Card)).toEqual({
      key: "flamenco-poet",
      name: "Flamenco Poet",
      role: "",
      avatar: null,
      systemPrompt: "You are the Flamenco Poet.",
      context: "A poet from Seville who answers in verse.\n\nA late night in a tablao.",
      voice: "Passionate, dramatic, warm.\n\n<START>\n{{user}}: Hi\n{{char}}: Welcome, stranger of the night!",
      knowledge: [],
      constraints: ["Always rhyme.", "Never break character."],
      sampleQueries: ["What shall we sing tonight?"],
      tags: ["poetry", "spanish"],
      tools: [],
      profile: null,
      visibility: "private",
    });
  });

  it("maps a V3 card the same way, ignoring its V3-only fields", () => {
    expect(imported(v3Card)).toEqual(imported(v2Card));
  });

  it("treats missing and null card fields as empty", () => {
    const persona = imported({ spec: "chara_card_v2", data: { name: "Bare", description: null, tags: null } }, "bare");
    expect(persona).toMatchObject({ name: "Bare", context: "", voice: "", systemPrompt: "", constraints: [], sampleQueries: [], tags: [] });
  });

  it("refuses V1 cards and cards without a name, naming the field", () => {
    const v1 = characterCardSchema.safeParse({ name: "Old", description: "x" });
    expect(v1.success).toBe(false);
    expect(v1.error?.issues.map((issue) => issue.path.join("."))).toContain("spec");
    const nameless = characterCardSchema.safeParse({ spec: "chara_card_v3", data: { name: " " } });
    expect(nameless.error?.issues[0]?.path).toEqual(["data", "name"]);
  });
});

describe("personaToCard", () => {
  const persona: Persona = {
    id: "0b9a3a7e-1111-4c3e-9d1e-000000000001",
    ref: "user:sommelier",
    key: "sommelier",
    source: "user",
    name: "Sommelier",
    role: "Wine expert",
    avatar: "https://example.com/sommelier.png",
    systemPrompt: "You recommend wines.",
    context: "A small restaurant in Lyon.",
    voice: "Calm, precise, a little poetic.",
    knowledge: ["Burgundy vintages"],
    constraints: ["Never recommend more than three wines.", "Ask about the budget first."],
    sampleQueries: ["What goes with duck?"],
    tags: ["wine", "food"],
    tools: ["cellar-search"],
    profile: "fast",
    visibility: "private",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-02T00:00:00.000Z",
  };

  it("writes a V2 card with every field the spec requires", () => {
    const card = personaToCard(persona);
    expect(card.spec).toBe("chara_card_v2");
    expect(card.spec_version).toBe("2.0");
    expect(card.data).toMatchObject({
      name: "Sommelier",
      description: "A small restaurant in Lyon.",
      personality: "Calm, precise, a little poetic.",
      system_prompt: "You recommend wines.",
      post_history_instructions: "Never recommend more than three wines.\nAsk about the budget first.",
      alternate_greetings: ["What goes with duck?"],
      tags: ["wine", "food"],
    });
    for (const field of ["scenario", "first_mes", "mes_example", "creator_notes", "creator", "character_version"]) {
      expect(typeof card.data[field as keyof typeof card.data], field).toBe("string");
    }
    expect(card.data.extensions.chorus).toEqual({
      key: "sommelier", role: "Wine expert", avatar: "https://example.com/sommelier.png", knowledge: ["Burgundy vintages"], tools: ["cellar-search"], profile: "fast",
    });
  });

  it("round-trips: an exported card imports back to the same persona fields (profile excepted: it is this gateway's)", () => {
    const back = imported(JSON.parse(JSON.stringify(personaToCard(persona))), persona.key);
    const { id: _id, ref: _ref, source: _source, createdAt: _c, updatedAt: _u, profile: _p, ...fields } = persona;
    expect(back).toEqual({ ...fields, profile: null });
  });
});
