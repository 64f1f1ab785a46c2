import { describe, expect, it } from "vitest";
import { seenBy } from "../fake-upstream.ts";
import { call, readSse, streamedText } from "../gateway-client.ts";
import { sampleUser } from "../quota/quota-helpers.ts";
import { expectError, newPersonaUser } from "./persona-helpers.ts";

type Sent = { messages: { role: string; content: string }[] };

function profilesFor(model: string): Record<string, string> {
  const profile = { candidates: [{ provider: "openai", model }] };
  return { CACHE_DEFAULT: "off", LLM_PROFILES: JSON.stringify({ defaultProfile: "compat", profiles: { compat: profile, cheap: profile } }) };
}

describe("POST /v1/personas/{ref}/preview", () => {
  it("answers one message in the persona's voice, as a chat completion naming the persona", async () => {
    const model = `preview-${crypto.randomUUID()}`;
    const res = await call("/v1/personas/writer/preview", { message: "Name my bakery." }, { user: newPersonaUser("previewer"), env: profilesFor(model) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-persona")).toBe("writer");
    const completion = (await res.json()) as { object: string; choices: { message: { content: string } }[] };
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]!.message.content).toContain("Name my bakery.");
    const [seen] = await seenBy("openai", model);
    const sent = seen!.body as unknown as Sent;
    expect(sent.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(sent.messages[1]!.content).toBe("Name my bakery.");
  });

  it("streams when asked", async () => {
    const model = `preview-stream-${crypto.randomUUID()}`;
    const res = await call("/v1/personas/developer/preview", { message: "hello there", stream: true }, { user: newPersonaUser("streamer"), env: profilesFor(model) });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { events, done } = await readSse(res);
    expect(done).toBe(true);
    expect(streamedText(events)).toContain("hello there");
  });

  it("counts as a chat request: the sample tier's 3 include previews", async () => {
    const user = sampleUser();
    const env = profilesFor(`preview-sample-${crypto.randomUUID()}`);
    for (let i = 0; i < 3; i++) expect((await call("/v1/personas/general/preview", { message: `try ${i}` }, { user, env })).status).toBe(200);
    await expectError(await call("/v1/personas/general/preview", { message: "one more" }, { user, env }), 403, "sample_exhausted");
  });

  it("refuses an unknown persona with 404, an empty message with 400 naming it, and answers 503 with the kill switch on", async () => {
    const user = newPersonaUser("refused");
    await expectError(await call("/v1/personas/user:nobody/preview", { message: "hi" }, { user }), 404, "persona_not_found");
    await expectError(await call("/v1/personas/writer/preview", { message: "" }, { user }), 400, "invalid_request", "message");
    await expectError(await call("/v1/personas/writer/preview", { message: "hi" }, { user, env: { AI_FEATURES_ENABLED: "false" } }), 503, "ai_disabled");
  });
});
