import { describe, expect, it } from "vitest";
import { call } from "./gateway-client.ts";

type Embeddings = { object: string; data: { index: number; embedding: number[] }[] };
type ErrorBody = { error: { code: string; message: string } };

/** LLM_PROFILES with embedding profiles defined under `profiles` and no `embeddings` section. */
const NO_EMBEDDINGS_SECTION = {
  LLM_PROFILES: JSON.stringify({
    defaultProfile: "chat",
    profiles: {
      chat: { candidates: [{ provider: "openai", model: "gpt-5.4-mini" }] },
      embed: { candidates: [{ provider: "openai", model: "text-embedding-3-small" }] },
    },
  }),
};

describe("embeddings by a profile from `profiles`", () => {
  it("are served with no embeddings section in LLM_PROFILES", async () => {
    const res = await call("/v1/embeddings", { model: "embed", input: ["a", "b"] }, { env: NO_EMBEDDINGS_SECTION });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-profile")).toBe("embed");
    expect(res.headers.get("x-chorus-provider")).toBe("openai");
    expect(res.headers.get("x-chorus-model")).toBe("text-embedding-3-small");
    const body = (await res.json()) as Embeddings;
    expect(body.data.map((item) => item.index)).toEqual([0, 1]);
  });

  it("still come from the embeddings section when it has the name", async () => {
    const res = await call("/v1/embeddings", { model: "large", input: "a" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-model")).toBe("text-embedding-3-large");
  });

  it("name what can be asked for when the name is in neither", async () => {
    const res = await call("/v1/embeddings", { model: "nope", input: "a" }, { env: NO_EMBEDDINGS_SECTION });
    expect(res.status).toBe(404);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe("model_not_found");
    expect(error.message).toContain("Use a profile (chat, embed)");
  });
});
