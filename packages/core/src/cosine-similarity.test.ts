import { describe, expect, it } from "vitest";
import { cosineSimilarity } from "./cosine-similarity.ts";

describe("cosineSimilarity", () => {
  it("is 1 for the same direction, 0 for orthogonal, -1 for opposite", () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1);
  });

  it("works on Float32Array and treats a zero vector as unlike anything", () => {
    expect(cosineSimilarity(new Float32Array([0.6, 0.8]), [0.6, 0.8])).toBeCloseTo(1);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
  });

  it("refuses vectors of different lengths", () => {
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(RangeError);
  });
});
