import { describe, expect, it } from "vitest";
import { GatewayError } from "../gateway-error.ts";
import { checkPromptMessages, renderPrompt } from "./render-prompt.ts";

const template = {
  messages: [
    { role: "system" as const, content: "You summarise for {{audience}}.{{#bullets}} Use bullet points.{{/bullets}}" },
    { role: "user" as const, content: "Points:{{#points}}\n- {{.}}{{/points}}\n\n{{text}}" },
  ],
  variables: {
    type: "object",
    properties: {
      audience: { type: "string", minLength: 1 },
      text: { type: "string" },
      bullets: { type: "boolean" },
      points: { type: "array", items: { type: "string" } },
    },
    required: ["audience", "text"],
  },
};

function rejected(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a GatewayError");
}

describe("renderPrompt", () => {
  it("inserts variables as text, with sections for optional parts and lists", () => {
    const messages = renderPrompt(template, { audience: "R&D <leads>", text: "Q3 \"numbers\"", bullets: true, points: ["a", "b"] });
    expect(messages).toEqual([
      { role: "system", content: "You summarise for R&D <leads>. Use bullet points." },
      { role: "user", content: "Points:\n- a\n- b\n\nQ3 \"numbers\"" },
    ]);
  });

  it("leaves optional parts out when their variable is absent", () => {
    expect(renderPrompt(template, { audience: "kids", text: "t" })[0]!.content).toBe("You summarise for kids.");
  });

  it("names a missing required variable", () => {
    const error = rejected(() => renderPrompt(template, { text: "t" }));
    expect(error.status).toBe(400);
    expect(error.param).toBe("variables.audience");
  });

  it("names a variable of the wrong type", () => {
    const error = rejected(() => renderPrompt(template, { audience: "x", text: 42 }));
    expect(error.param).toBe("variables.text");
    const nested = rejected(() => renderPrompt(template, { audience: "x", text: "t", points: ["ok", 3] }));
    expect(nested.param).toBe("variables.points.1");
  });

  it("reaches only what the caller sent, never the prototype", () => {
    const messages = renderPrompt({ messages: [{ role: "user", content: "[{{constructor}}][{{text.constructor}}][{{points.constructor}}]" }], variables: {} }, { text: "abc", points: [] });
    expect(messages[0]!.content).toBe("[][][]");
  });

  it("refuses a template that does not parse", () => {
    expect(rejected(() => checkPromptMessages([{ role: "user", content: "ok" }, { role: "user", content: "{{#open}} never closed" }])).param).toBe("messages[1].content");
  });
});
