import { describe, expect, it } from "vitest";
import { ManualClock } from "./manual-clock.ts";

describe("ManualClock", () => {
  it("wakes sleeps in time order as time advances", async () => {
    const clock = new ManualClock(1_000);
    const woke: string[] = [];
    void clock.sleep(30).then(() => woke.push(`b@${clock.now()}`));
    void clock.sleep(10).then(() => woke.push(`a@${clock.now()}`));
    await clock.advance(20);
    expect(woke).toEqual(["a@1010"]);
    expect(clock.now()).toBe(1_020);
    await clock.advance(20);
    expect(woke).toEqual(["a@1010", "b@1030"]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("rejects a sleep with its signal's reason and forgets it", async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(100, controller.signal);
    controller.abort(new Error("gone"));
    await expect(sleeping).rejects.toThrow("gone");
    expect(clock.pendingSleeps).toBe(0);
  });

  it("fires a timer at its time unless it was cancelled first", async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.timer(10, () => fired.push(`kept@${clock.now()}`));
    const cancel = clock.timer(5, () => fired.push("cancelled"));
    cancel();
    expect(clock.pendingSleeps).toBe(1);
    await clock.advance(10);
    expect(fired).toEqual(["kept@10"]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("runs a promise to completion through chained sleeps", async () => {
    const clock = new ManualClock();
    const work = async () => {
      await clock.sleep(50);
      await clock.sleep(70);
      return clock.now();
    };
    await expect(clock.run(work())).resolves.toBe(120);
  });

  it("reports a promise that can never settle", async () => {
    const clock = new ManualClock();
    await expect(clock.run(new Promise(() => undefined))).rejects.toThrow(/nothing is asleep/);
  });
});
