import { describe, expect, it } from "vitest";
import { GatewayError } from "../gateway-error.ts";
import type { PromptTemplateRecord, PromptVersion } from "./prompt-template.ts";
import { labelsOf } from "./prompt-template.ts";
import { resolvePromptVersion } from "./resolve-prompt-version.ts";

const version = (n: number): PromptVersion => ({ name: "greet", version: n, description: "", messages: [{ role: "user", content: `v${n}` }], variables: {}, createdAt: "2026-01-01T00:00:00.000Z" });
const record = (labels: PromptTemplateRecord["labels"]): PromptTemplateRecord => ({ name: "greet", versions: [version(1), version(2), version(3)], labels });

function notFound(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError && error.status === 404) return error.code;
    throw error;
  }
  throw new Error("expected a 404");
}

describe("resolvePromptVersion", () => {
  it("serves production by default, else latest", () => {
    expect(resolvePromptVersion(record({ production: 2 }), {}, "u").version).toBe(2);
    expect(resolvePromptVersion(record({}), {}, "u").version).toBe(3);
  });

  it("serves the version or label asked for", () => {
    expect(resolvePromptVersion(record({ production: 2, beta: 1 }), { version: 3 }, "u").version).toBe(3);
    expect(resolvePromptVersion(record({ production: 2, beta: 1 }), { label: "beta" }, "u").version).toBe(1);
    expect(resolvePromptVersion(record({ production: 2 }), { label: "latest" }, "u").version).toBe(3);
  });

  it("answers an unknown version or label with prompt_not_found", () => {
    expect(notFound(() => resolvePromptVersion(record({}), { version: 9 }, "u"))).toBe("prompt_not_found");
    expect(notFound(() => resolvePromptVersion(record({}), { label: "nope" }, "u"))).toBe("prompt_not_found");
  });

  it("chooses within a split, sticky per user", () => {
    const split = record({ production: { "1": 50, "3": 50 } });
    const seen = new Set(Array.from({ length: 200 }, (_, index) => resolvePromptVersion(split, {}, `user-${index}`).version));
    expect([...seen].sort()).toEqual([1, 3]);
    expect(resolvePromptVersion(split, {}, "alice").version).toBe(resolvePromptVersion(split, {}, "alice").version);
  });

  it("lists a version's labels, latest on the newest", () => {
    const split = record({ production: { "1": 50, "3": 50 }, beta: 1 });
    expect(labelsOf(split, 1)).toEqual(["beta", "production"]);
    expect(labelsOf(split, 3)).toEqual(["production", "latest"]);
    expect(labelsOf(split, 2)).toEqual([]);
  });
});
