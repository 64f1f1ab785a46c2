import { describe, expect, it } from "vitest";
import summary from "../../../config/pipelines/summary.json" with { type: "json" };
import { formFields, formInput } from "./schema-form-fields.ts";

const SCHEMA = {
  type: "object",
  properties: {
    topic: { type: "string", maxLength: 80, description: "What about" },
    body: { type: "string" },
    words: { type: "integer", minimum: 10, maximum: 500, default: 100 },
    ratio: { type: "number" },
    formal: { type: "boolean" },
    tone: { enum: ["warm", "dry"] },
    level: { type: "integer", enum: [1, 2, 3] },
    keywords: { type: "array", items: { type: "string" } },
    limits: { type: "object", properties: { pages: { type: "number" } } },
  },
  required: ["topic", "tone"],
};

describe("formFields", () => {
  it("gives each kind of property the control a form shows it best with", () => {
    expect(formFields(SCHEMA).map(({ name, kind, label, required }) => [name, kind, label, required])).toEqual([
      ["topic", "text", "Topic", true],
      ["body", "textarea", "Body", false],
      ["words", "integer", "Words", false],
      ["ratio", "number", "Ratio", false],
      ["formal", "boolean", "Formal", false],
      ["tone", "select", "Tone", true],
      ["level", "select", "Level", false],
      ["keywords", "lines", "Keywords (one per line)", false],
      ["limits", "json", "Limits (JSON)", false],
    ]);
    const [topic, , words, , , tone] = formFields(SCHEMA);
    expect(topic).toMatchObject({ description: "What about", maxLength: 80, initial: "" });
    expect(words).toMatchObject({ minimum: 10, maximum: 500, initial: "100" });
    expect(tone).toMatchObject({ options: ["warm", "dry"], initial: "warm" });
  });

  it("shows the shipped summary pipeline's text as a text area and its audience as a line", () => {
    expect(formFields(summary.input).map(({ name, kind, required }) => [name, kind, required])).toEqual([["text", "textarea", true], ["audience", "text", false]]);
  });

  it("edits an input that is not an object of properties as one JSON field", () => {
    expect(formFields({ type: "array" })).toEqual([{ name: "", label: "Input (JSON)", kind: "json", required: true, initial: "{}" }]);
  });
});

describe("formInput", () => {
  const fields = formFields(SCHEMA);

  it("reads every control back into the value the schema wants, leaving empty optional fields out", () => {
    expect(formInput(SCHEMA, fields, {
      topic: "Tides", body: "", words: "250", ratio: "0.5", formal: true, tone: "dry", level: "2",
      keywords: " moon \n\nsea\n", limits: '{"pages": 2}',
    })).toEqual({ input: { topic: "Tides", words: 250, ratio: 0.5, formal: true, tone: "dry", level: 2, keywords: ["moon", "sea"], limits: { pages: 2 } } });
    expect(formInput(SCHEMA, fields, { topic: "Tides" })).toEqual({ input: { topic: "Tides", words: 100, formal: false, tone: "warm" } });
  });

  it("names the field it cannot read", () => {
    expect(formInput(SCHEMA, fields, { topic: "T", words: "many" })).toEqual({ problem: { field: "Words", message: "Words must be a whole number." } });
    expect(formInput(SCHEMA, fields, { topic: "T", limits: "{pages" })).toEqual({ problem: { field: "Limits (JSON)", message: "Limits (JSON) is not valid JSON." } });
  });

  it("takes the whole input from a single JSON field", () => {
    expect(formInput({ type: "array" }, formFields({ type: "array" }), { "": "[1, 2]" })).toEqual({ input: [1, 2] });
  });
});
