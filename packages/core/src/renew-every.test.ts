import { describe, expect, it } from "vitest";
import { ManualClock } from "./manual-clock.ts";
import { renewEvery } from "./renew-every.ts";

describe("renewEvery", () => {
  it("renews every interval until stopped", async () => {
    const clock = new ManualClock(0);
    const at: number[] = [];
    const renewing = renewEvery({ clock, everyMs: 100, renew: async () => (at.push(clock.now()), true) });
    await clock.advance(350);
    expect(at).toEqual([100, 200, 300]);
    renewing.stop();
    await clock.advance(500);
    expect(at).toEqual([100, 200, 300]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("gives up once the hold is gone or a renew fails", async () => {
    const clock = new ManualClock(0);
    let calls = 0;
    renewEvery({ clock, everyMs: 100, renew: async () => ++calls < 2 });
    await clock.advance(1_000);
    expect(calls).toBe(2);
    let failures = 0;
    renewEvery({ clock, everyMs: 100, renew: () => (failures++, Promise.reject(new Error("unreachable"))) });
    await clock.advance(1_000);
    expect(failures).toBe(1);
    expect(clock.pendingSleeps).toBe(0);
  });
});
