import { describe, expect, it } from "vitest";
import { ManualClock } from "../manual-clock.ts";
import type { Candidate } from "../route-types.ts";
import { PenaltyBox } from "./penalty-box.ts";

const candidates: Candidate[] = [{ provider: "openai", model: "a" }, { provider: "anthropic", model: "b" }, { provider: "google", model: "c" }];

describe("PenaltyBox", () => {
  it("ranks a penalized provider last for that feature until the penalty ends", async () => {
    const clock = new ManualClock(1_000);
    const box = new PenaltyBox(clock);
    box.penalize("faq", "openai", 600_000);
    expect(box.rank("faq", candidates).map((candidate) => candidate.provider)).toEqual(["anthropic", "google", "openai"]);
    expect(box.rank("other", candidates)).toBe(candidates);
    expect(box.active()).toEqual([{ feature: "faq", provider: "openai", until: 601_000 }]);
    await clock.advance(599_999);
    expect(box.isPenalized("faq", "openai")).toBe(true);
    await clock.advance(1);
    expect(box.rank("faq", candidates)).toBe(candidates);
    expect(box.active()).toEqual([]);
  });
});
