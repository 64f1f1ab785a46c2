import { describe, expect, it } from "vitest";
import { seenBy } from "./fake-upstream.ts";
import { call } from "./gateway-client.ts";

const unique = (name: string) => `${name}~id=${crypto.randomUUID()}`;
const schema = { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city", "days"], additionalProperties: false };

function profileEnv(candidates: string[]): Record<string, string> {
  return {
    CACHE_DEFAULT: "off",
    LLM_PROFILES: JSON.stringify({
      defaultProfile: "p",
      profiles: { p: { candidates: candidates.map((id) => ({ provider: id.slice(0, id.indexOf("/")), model: id.slice(id.indexOf("/") + 1) })) } },
    }),
  };
}

function structured(candidates: string[], strict = false) {
  return call("/v1/chat/completions", {
    messages: [{ role: "user", content: "plan a trip" }],
    response_format: { type: "json_schema", json_schema: { name: "trip", schema, strict } },
  }, { env: profileEnv(candidates) });
}

const contentOf = async (res: Response) => ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;

describe("response_format json_schema held at the gateway", () => {
  it("marks a valid answer valid", async () => {
    const res = await structured([`openai/${unique("s")}`]);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-structured")).toBe("valid");
    expect(JSON.parse(await contentOf(res))).toMatchObject({ city: expect.any(String), days: expect.any(Number) });
  });

  it("repairs an invalid answer once by asking again with the validation errors", async () => {
    const model = unique("s~badJson=1");
    const res = await structured([`anthropic/${model}`]);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-structured")).toBe("repaired");
    expect(JSON.parse(await contentOf(res))).toMatchObject({ city: expect.any(String) });
    const seen = await seenBy("anthropic", model);
    expect(seen).toHaveLength(2);
    expect(JSON.stringify(seen[1]!.body)).toContain("does not match the required JSON Schema");
    expect(JSON.stringify(seen[1]!.body)).toContain("unexpected");
  });

  it("serves the text marked fallback when the repair is still invalid and strict is off", async () => {
    const res = await structured([`openai/${unique("s~badJson")}`, `anthropic/${unique("s")}`]);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-structured")).toBe("fallback");
    expect(res.headers.get("x-chorus-provider")).toBe("openai");
    expect(JSON.parse(await contentOf(res))).toEqual({ unexpected: true });
  });

  it("with strict: true moves to the next candidate", async () => {
    const res = await structured([`openai/${unique("s~badJson")}`, `anthropic/${unique("s")}`], true);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-structured")).toBe("valid");
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-fallback")).toBe("openai:structured_invalid");
  });

  it("with strict: true and no candidate left answers 422 naming response_format", async () => {
    const res = await structured([`openai/${unique("s~badJson")}`], true);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: "structured_output_invalid", param: "response_format" });
  });
});
