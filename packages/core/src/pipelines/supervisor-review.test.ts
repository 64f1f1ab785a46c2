import { describe, expect, it } from "vitest";
import { fillPlaceholders, fillVariables } from "./fill-placeholders.ts";
import { fitCallContext } from "./fit-call-context.ts";
import { jobProgress } from "./job-progress.ts";
import { readReview, shouldRevise } from "./supervisor-review.ts";

describe("readReview", () => {
  const parts = ["summary", "key-points"];

  it("clamps the score to 0-10 and approves at the threshold", () => {
    expect(readReview({ score: 42, notes: "", revise: [] }, 7, parts)).toMatchObject({ score: 10, approved: true });
    expect(readReview({ score: -3, notes: "", revise: [] }, 0, parts)).toMatchObject({ score: 0, approved: true });
    expect(readReview({ score: 6.5, notes: "", revise: [] }, 7, parts)).toMatchObject({ score: 6.5, approved: false });
  });

  it("keeps revision requests only for parts that exist, once each, and none when approved", () => {
    const review = readReview({ score: 4, notes: "thin", revise: [
      { part: "summary", instruction: "shorter" }, { part: "ghost", instruction: "x" }, { part: "summary", instruction: "again" },
    ] }, 7, parts);
    expect(review.revise).toEqual([{ part: "summary", instruction: "shorter" }]);
    expect(readReview({ score: 9, notes: "", revise: [{ part: "summary", instruction: "x" }] }, 7, parts).revise).toEqual([]);
  });

  it("reads an answer that is not a review as score 0 with nothing to revise", () => {
    expect(readReview("great job", 7, parts)).toMatchObject({ score: 0, approved: false, revise: [] });
  });
});

describe("shouldRevise", () => {
  const low = { score: 3, approved: false, notes: "", revise: [{ part: "summary", instruction: "x" }] };
  it("revises a rejected draft with named parts while revisions are left", () => {
    expect(shouldRevise(low, 0, 2)).toBe(true);
    expect(shouldRevise(low, 2, 2)).toBe(false);
    expect(shouldRevise({ ...low, revise: [] }, 0, 2)).toBe(false);
    expect(shouldRevise({ ...low, approved: true }, 0, 2)).toBe(false);
  });
});

describe("fillPlaceholders", () => {
  it("fills strings as they are, other values as JSON, missing ones as nothing", () => {
    const values = { input: { topic: "tides", n: 3 }, parts: { "key-points": { points: ["a"] } } };
    expect(fillPlaceholders("{{input.topic}}/{{ input.n }}/{{parts.key-points}}/{{draft}}/{{input.none}}", values)).toBe('tides/3/{"points":["a"]}//');
  });
});

describe("fillVariables", () => {
  it("gives a lone placeholder its value whole, fills other strings as text, keeps the rest, leaves missing ones out", () => {
    const values = { input: { topic: "tides", n: 3, tags: ["a"] }, parts: {} };
    expect(fillVariables({ text: "{{input.topic}}", n: "{{ input.n }}", tags: "{{input.tags}}", line: "About {{input.topic}} ({{input.n}})", flag: true, gone: "{{input.none}}" }, values))
      .toEqual({ text: "tides", n: 3, tags: ["a"], line: "About tides (3)", flag: true });
  });
});

describe("fitCallContext", () => {
  it("fits the blocks at its path by priority to its budget, strings at priority 0, anything else skipped", () => {
    const big = "word ".repeat(400);
    const values = { input: { refs: [{ text: "low", priority: 1 }, { text: "high", priority: 9 }, "plain", { text: big, priority: 5 }, 42] }, parts: {} };
    const fitted = fitCallContext({ from: "input.refs", tokens: 50 }, values);
    expect(fitted.kept.map((block) => block.text)).toEqual(["high"]);
    expect(fitted.dropped).toBe(3);
    expect(fitCallContext({ from: "input.refs", tokens: 10_000 }, values).kept.map((block) => block.text)).toEqual(["high", big, "low", "plain"]);
    expect(fitCallContext({ from: "input.none", tokens: 10 }, values)).toEqual({ kept: [], dropped: 0 });
  });
});

describe("jobProgress", () => {
  it("counts stages and the review, never 100 before success", () => {
    expect(jobProgress(0, 1, true)).toBe(0);
    expect(jobProgress(1, 1, true)).toBe(50);
    expect(jobProgress(1, 1, false)).toBe(99);
  });
});
