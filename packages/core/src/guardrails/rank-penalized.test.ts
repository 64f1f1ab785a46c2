import { describe, expect, it } from "vitest";
import type { Candidate } from "../route-types.ts";
import { rankPenalized } from "./rank-penalized.ts";

const candidates: Candidate[] = [{ provider: "openai", model: "a" }, { provider: "anthropic", model: "b" }, { provider: "google", model: "c" }, { provider: "openai", model: "d" }];
const providers = (ranked: readonly Candidate[]) => ranked.map((candidate) => `${candidate.provider}/${candidate.model}`);

describe("rankPenalized", () => {
  it("moves every candidate of a penalized provider last, keeping each group's order", () => {
    expect(providers(rankPenalized(candidates, (provider) => provider === "openai"))).toEqual(["anthropic/b", "google/c", "openai/a", "openai/d"]);
    expect(providers(rankPenalized(candidates, (provider) => provider !== "google"))).toEqual(["google/c", "openai/a", "anthropic/b", "openai/d"]);
  });

  it("gives back the same array when no provider is penalized", () => {
    expect(rankPenalized(candidates, () => false)).toBe(candidates);
  });
});
