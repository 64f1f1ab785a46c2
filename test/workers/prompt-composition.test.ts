import { describe, expect, it } from "vitest";
import { chat } from "./gateway-client.ts";
import { seenBy } from "./fake-upstream.ts";

type Sent = { messages: { role: string; content: string }[] };

/** Profiles whose `coaching` mode and `trips` surface carry text to compose, on one fake OpenAI model per test. */
function pinned(model: string): Record<string, string> {
  const profile = { candidates: [{ provider: "openai", model }] };
  return {
    CACHE_DEFAULT: "off",
    LLM_PROFILES: JSON.stringify({
      defaultProfile: "compat",
      profiles: { compat: profile, frontier: profile },
      modes: { coaching: { profile: "frontier", instructions: "Coach the user with questions." }, plain: "compat" },
      surfaces: { trips: { profile: "compat", context: "The user is planning a trip to Lisbon." } },
    }),
  };
}

async function sentFor(model: string): Promise<Sent> {
  const [request] = await seenBy("openai", model);
  return request!.body as unknown as Sent;
}

describe("prompt composition on chat", () => {
  it("puts the mode's instructions, then the surface's context, before the caller's messages", async () => {
    const model = `compose-${crypto.randomUUID()}`;
    const res = await chat({}, { env: pinned(model), headers: { "x-chorus-mode": "coaching", "x-chorus-surface": "trips" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-profile")).toBe("frontier");
    const sent = await sentFor(model);
    expect(sent.messages.map(({ role, content }) => [role, content])).toEqual([
      ["system", "Coach the user with questions."],
      ["system", "The user is planning a trip to Lisbon."],
      ["user", "hello world"],
    ]);
  });

  it("leaves the caller's messages as sent when the pins carry no text", async () => {
    const model = `plain-${crypto.randomUUID()}`;
    expect((await chat({}, { env: pinned(model), headers: { "x-chorus-mode": "plain" } })).status).toBe(200);
    expect((await sentFor(model)).messages).toEqual([{ role: "user", content: "hello world" }]);
  });
});
