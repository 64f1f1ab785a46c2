import { describe, expect, it } from "vitest";
import { fillPlaceholders } from "./fill-placeholders.ts";
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

describe("jobProgress", () => {
  it("counts stages and the review, never 100 before success", () => {
    expect(jobProgress(0, 1, true)).toBe(0);
    expect(jobProgress(1, 1, true)).toBe(50);
    expect(jobProgress(1, 1, false)).toBe(99);
  });
});
