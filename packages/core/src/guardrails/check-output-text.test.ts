import { describe, expect, it } from "vitest";
import { checkMarkdown } from "./check-markdown.ts";
import { checkOutputText } from "./check-output-text.ts";
import { checkInputMessages } from "./check-input-messages.ts";
import { GatewayError } from "../gateway-error.ts";

const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };

describe("checkOutputText", () => {
  it("passes, redacts, or names the rail that failed", () => {
    expect(checkOutputText("All good.", { pii: { detect: ["email"], action: "redact" } })).toEqual({ ok: true, text: "All good.", redacted: false });
    expect(checkOutputText("Mail a@b.io", { pii: { detect: ["email"], action: "redact" } })).toEqual({ ok: true, text: "Mail [EMAIL]", redacted: true });
    expect(checkOutputText("Mail a@b.io", { pii: { detect: ["email"], action: "retry" } })).toMatchObject({ ok: false, violation: { rail: "pii", action: "retry" } });
    expect(checkOutputText("the PASSWORD is", { phrases: { deny: ["password"], action: "block" } })).toMatchObject({ ok: false, violation: { rail: "phrases", action: "block" } });
    expect(checkOutputText("### deep", { markdown: { maxHeadingLevel: 2 } })).toMatchObject({ ok: false, violation: { rail: "markdown", action: "retry" } });
    expect(checkOutputText(`{"answer":1}`, { jsonSchema: schema })).toMatchObject({ ok: false, violation: { rail: "jsonSchema", detail: expect.stringContaining("/answer") } });
    expect(checkOutputText(`{"answer":"yes"}`, { jsonSchema: schema })).toEqual({ ok: true, text: `{"answer":"yes"}`, redacted: false });
  });

  it("validates the JSON Schema over the masked text", () => {
    expect(checkOutputText(`{"answer":"mail a@b.io"}`, { jsonSchema: schema, pii: { detect: ["email"], action: "redact" } }))
      .toEqual({ ok: true, text: `{"answer":"mail [EMAIL]"}`, redacted: true });
  });
});

describe("checkMarkdown", () => {
  it("judges headings and raw HTML outside code only", () => {
    expect(checkMarkdown("# One\n## Two", { maxHeadingLevel: 2 })).toBeUndefined();
    expect(checkMarkdown("```\n### in code\n<b>x</b>\n```\nuse `<br>` here", { maxHeadingLevel: 2, noRawHtml: true })).toBeUndefined();
    expect(checkMarkdown("text <script>x</script>", { noRawHtml: true })).toBe("line 1: raw HTML");
    expect(checkMarkdown("a < b and c > d", { noRawHtml: true })).toBeUndefined();
  });
});

describe("checkInputMessages", () => {
  const messages = [{ role: "system" as const, content: "mail ops@corp.example" }, { role: "user" as const, content: "I am jane@example.com" }];

  it("masks the user's messages only", () => {
    expect(checkInputMessages(messages, { pii: { detect: ["email"], action: "redact" } })).toEqual([messages[0], { role: "user", content: "I am [EMAIL]" }]);
  });

  it("blocks with 400 guardrail_input naming the message", () => {
    let thrown: unknown;
    try {
      checkInputMessages(messages, { pii: { detect: ["email"], action: "block" } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatewayError);
    expect((thrown as GatewayError).toBody().error).toMatchObject({ code: "guardrail_input", param: "messages[1].content" });
    expect((thrown as GatewayError).status).toBe(400);
  });
});
