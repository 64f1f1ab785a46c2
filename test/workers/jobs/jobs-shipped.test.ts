import { describe, expect, it } from "vitest";
import { seenBy } from "../fake-upstream.ts";
import { call } from "../gateway-client.ts";
import { eventsOf, jobOf, jobUser, startJob } from "./job-helpers.ts";

type Itinerary = { destination: string; days: { day: number; items: { time: string; place: string; activity: string }[] }[]; warnings: string[] };

describe("the shipped pipelines, run end to end on the fakes under the built-in profiles", () => {
  it("lists itinerary and chapter with their input schemas and stages", async () => {
    const res = await call("/v1/pipelines", undefined, { user: jobUser() });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { name: string; input: { required: string[] }; stages: { name: string; workers: { name: string; kind: string }[] }[] }[] };
    const byName = new Map(data.map((pipeline) => [pipeline.name, pipeline]));
    expect(byName.get("itinerary")!.input.required).toEqual(["destination", "days"]);
    expect(byName.get("itinerary")!.stages[0]!.workers).toEqual([
      { name: "structure", kind: "model" }, { name: "locations", kind: "model" }, { name: "verified-facts", kind: "data" },
    ]);
    expect(byName.get("chapter")!.input.required).toEqual(["title", "outline"]);
    expect(byName.get("chapter")!.stages.map((stage) => stage.name)).toEqual(["write"]);
  });

  it("itinerary: structure and validation in parallel, merged, fact-checked; the city's validation reused by the next trip", async () => {
    const user = jobUser("premium");
    const input = { destination: `Lisbon ${crypto.randomUUID()}`, days: 2, interests: ["tiles", "food"] };
    const id = await startJob({ pipeline: "itinerary", input }, { user });
    const events = await eventsOf(id, user);
    expect(events.at(-1)!.event).toBe("job.succeeded");
    expect(events.filter((event) => event.event === "progress").map((event) => event.data.part).sort()).toEqual(["locations", "structure", "verified-facts"]);
    const job = await jobOf(id, user);
    expect(job.routes).toEqual([
      { stage: "plan", route: "compat", reason: "primary" },
      { stage: "plan", route: "balanced", reason: "primary" },
      { stage: "plan", route: "balanced", reason: "primary" },
      { stage: "plan", route: "frontier", reason: "primary" },
    ]);
    expect(job.quality).toMatchObject({ approved: true, revisions: 0 });
    const result = job.result as Itinerary;
    expect(Array.isArray(result.days)).toBe(true);
    expect(Array.isArray(result.warnings)).toBe(true);

    const next = await startJob({ pipeline: "itinerary", input: { ...input, days: 3 } }, { user });
    expect((await eventsOf(next, user)).at(-1)!.event).toBe("job.succeeded");
    expect((await jobOf(next, user)).routes).toContainEqual({ stage: "plan", route: "cache", reason: `cached locations for ${input.destination}` });
  });

  it("itinerary on the free tier: the structure alone, merged, no review", async () => {
    const user = jobUser("free");
    const id = await startJob({ pipeline: "itinerary", input: { destination: "Porto", days: 1 } }, { user });
    const events = await eventsOf(id, user);
    expect(events.at(-1)!.event).toBe("job.succeeded");
    expect(events.map((event) => event.event)).not.toContain("review");
    expect((await jobOf(id, user)).routes.map((route) => route.route)).toEqual(["compat", "balanced"]);
  });

  it("chapter: written from the outline with the references fitted to the budget by priority, then assessed", async () => {
    const user = jobUser("pro");
    const marker = crypto.randomUUID();
    const block = (name: string, priority: number) => ({ text: `${name}-${marker} ${"harbour lights fade ".repeat(900)}`, priority });
    const references = [block("LOW", 1), { text: `HIGH-${marker} The lighthouse keeper is called Ada.`, priority: 10 }, block("MID1", 5), block("MID2", 4)];
    const id = await startJob({ pipeline: "chapter", input: { title: "The Keeper", outline: "Ada climbs the tower; the storm comes.", references, words: 800 } }, { user });
    const events = await eventsOf(id, user);
    expect(events.at(-1)!.event).toBe("job.succeeded");
    expect(events.map((event) => event.event)).toContain("review");
    expect(events.find((event) => event.event === "progress")!.data).toMatchObject({ part: "chapter", contextDropped: 1 });

    // frontier's first candidate wrote it: the three highest blocks fit the 6000-token budget, the lowest was dropped.
    const written = (await seenBy("anthropic", "claude-opus-5")).map((request) => JSON.stringify(request.body)).find((body) => body.includes(`HIGH-${marker}`))!;
    expect(written).toBeDefined();
    for (const name of ["MID1", "MID2"]) expect(written).toContain(`${name}-${marker}`);
    expect(written).not.toContain(`LOW-${marker}`);
    expect(written.indexOf(`HIGH-${marker}`)).toBeLessThan(written.indexOf(`MID1-${marker}`));
    expect(written).toContain("Ada climbs the tower; the storm comes.");

    const job = await jobOf(id, user);
    expect(job.routes.map((route) => [route.route, route.reason])).toEqual([["frontier", "primary"], ["balanced", "primary"]]);
    expect((job.result as { chapter: string }).chapter).toMatch(/^Echo: Write the chapter "The Keeper", about 800 words\./);
    expect(job.quality).toMatchObject({ approved: true });
  });
});
