import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LEASE_MAX_PERMITS, LEASE_SPARE_SHARE, leaseSize } from "./lease-policy.ts";

const count = fc.integer({ min: 0, max: 200 });
const headroom = fc.oneof(count, fc.constant(Number.POSITIVE_INFINITY));

describe("leaseSize", () => {
  it("never grants more than the headroom", () => {
    fc.assert(fc.property(count, count, headroom, (want, ahead, room) => {
      const permits = leaseSize({ want, ahead, headroom: room });
      expect(permits).toBeLessThanOrEqual(room);
      expect(permits).toBeGreaterThanOrEqual(0);
    }));
  });

  it("grants every waiting request the headroom allows, and ahead at most a quarter of what is left to spare, at most LEASE_MAX_PERMITS", () => {
    fc.assert(fc.property(count, count, headroom, (want, ahead, room) => {
      const permits = leaseSize({ want, ahead, headroom: room });
      const granted = Math.min(want, room);
      expect(permits).toBeGreaterThanOrEqual(granted);
      expect(permits - granted).toBeLessThanOrEqual(Math.min(ahead, (room - granted) / LEASE_SPARE_SHARE, LEASE_MAX_PERMITS));
    }));
  });

  it("leases a limit's last requests one at a time, to requests that wait", () => {
    expect(leaseSize({ want: 1, ahead: 16, headroom: 100 })).toBe(17);
    expect(leaseSize({ want: 1, ahead: 16, headroom: 20 })).toBe(5);
    expect(leaseSize({ want: 1, ahead: 16, headroom: 4 })).toBe(1);
    expect(leaseSize({ want: 0, ahead: 16, headroom: 3 })).toBe(0);
    expect(leaseSize({ want: 5, ahead: 16, headroom: 2 })).toBe(2);
  });

  it("holds nothing ahead when asked for none (the sample tier), whatever the headroom", () => {
    expect(leaseSize({ want: 2, ahead: 0, headroom: Number.POSITIVE_INFINITY })).toBe(2);
    expect(leaseSize({ want: 50, ahead: 0, headroom: 3 })).toBe(3);
  });
});
