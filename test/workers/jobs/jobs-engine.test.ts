import { afterEach, describe, expect, it } from "vitest";
import { resetBreakers } from "../breaker-helpers.ts";
import { seenBy } from "../fake-upstream.ts";
import { eventsOf, fakeModel, jobOf, jobUser, startJob, twoWorkerPipeline, withPipelines, type EventFrame } from "./job-helpers.ts";

// Some of these tests fail providers on purpose: each starts from fresh breakers.
afterEach(resetBreakers);

type Sent = { body: { messages: { role: string; content: string }[] } };

/** What the fake OpenAI (or Anthropic) was sent for `model`, oldest first. */
async function sent(model: string, provider: "openai" | "anthropic" = "openai"): Promise<Sent[]> {
  return (await seenBy(provider, model)) as unknown as Sent[];
}

const named = (events: EventFrame[], type: string) => events.filter((event) => event.event === type);

/** The two-worker pipeline with a merge and a supervisor reviewing with `review`'s directives, at most `maxRevisions` times. */
function reviewed(review: string, maxRevisions: number) {
  const models = { a: fakeModel(), b: fakeModel(), aggregate: fakeModel(), review: fakeModel(review) };
  const pipeline = twoWorkerPipeline(models);
  return { models, pipeline: { ...pipeline, supervisor: { ...pipeline.supervisor!, maxRevisions } } };
}

describe("the supervisor's review and targeted revisions", () => {
  it("revises only the part a rejected draft names: the other worker is not called again, the stage is merged again", async () => {
    const user = jobUser();
    const { models, pipeline } = reviewed("~score=3~revise=b", 1);
    const id = await startJob({ pipeline: "pair", input: { topic: "tides" } }, withPipelines(user, pipeline));
    const events = await eventsOf(id, user);
    expect(events.at(-1)!.event).toBe("job.succeeded");

    expect(named(events, "revision").map((event) => event.data.parts)).toEqual([["b"]]);
    expect(named(events, "review").map((event) => (event.data.review as { score: number }).score)).toEqual([3, 3]);
    expect(await sent(models.a)).toHaveLength(1);
    const b = await sent(models.b);
    expect(b).toHaveLength(2);
    expect(b[1]!.body.messages.at(-1)!.content).toBe("Revise your previous answer.\nPrevious answer:\nEcho: B about tides\n\nInstruction: Improve b.");
    // The merge runs again with the revised b and the first a.
    const merges = await sent(models.aggregate);
    expect(merges).toHaveLength(2);
    expect(merges[1]!.body.messages.at(-1)!.content).toMatch(/^Merge Echo: A about tides and Echo: Revise your previous answer\./);

    const job = await jobOf(id, user);
    expect(job.quality).toEqual({ score: 3, approved: false, revisions: 1 });
    expect(named(events, "draft").map((event) => event.data.revision ?? 0)).toEqual([0, 1]);
    expect(job.result).toBe(named(events, "draft").at(-1)!.data.draft);
  });

  it("stops at maxRevisions: a draft never approved is revised that many times, then the job ends with it", async () => {
    const user = jobUser();
    const { models, pipeline } = reviewed("~score=2~revise=a", 2);
    const id = await startJob({ pipeline: "pair", input: { topic: "tides" } }, withPipelines(user, pipeline));
    const events = await eventsOf(id, user);
    expect(events.at(-1)!.event).toBe("job.succeeded");
    expect(named(events, "review")).toHaveLength(3);
    expect(named(events, "revision").map((event) => event.data.round)).toEqual([1, 2]);
    expect(await sent(models.a)).toHaveLength(3);
    expect(await sent(models.b)).toHaveLength(1);
    expect(await sent(models.review)).toHaveLength(3);
    expect((await jobOf(id, user)).quality).toEqual({ score: 2, approved: false, revisions: 2 });
  });

  it("runs what each plan's tier says: free one worker and no review, pro a review without revisions, premium a revision", async () => {
    const outcomes: Record<string, unknown> = {};
    for (const plan of ["free", "pro", "premium"] as const) {
      const user = jobUser(plan);
      const { models, pipeline } = reviewed("~score=3~revise=a", 2);
      const tiered = { ...pipeline, tiers: { free: { workers: ["a"], supervisor: false }, pro: { maxRevisions: 0 }, premium: { maxRevisions: 1 } } };
      const id = await startJob({ pipeline: "pair", input: { topic: "tides" } }, withPipelines(user, tiered));
      const events = await eventsOf(id, user);
      expect(events.at(-1)!.event).toBe("job.succeeded");
      outcomes[plan] = {
        calls: [(await sent(models.a)).length, (await sent(models.b)).length, (await sent(models.review)).length],
        revisions: named(events, "revision").length,
        quality: (await jobOf(id, user)).quality,
      };
    }
    expect(outcomes).toEqual({
      free: { calls: [1, 0, 0], revisions: 0, quality: { score: null, approved: null, revisions: 0 } },
      pro: { calls: [1, 1, 1], revisions: 0, quality: { score: 3, approved: false, revisions: 0 } },
      premium: { calls: [2, 1, 2], revisions: 1, quality: { score: 3, approved: false, revisions: 1 } },
    });
  });
});

/** One stage: the earlier results as facts, and `text` on routes A, B, C; the emergency route E given the facts. No engine retries. */
function routed(routes: { a: string; b: string; c: string; e: string }) {
  return {
    name: "routed",
    description: "Routes A, B, C and an emergency route.",
    input: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
    stages: [{
      name: "write",
      workers: [
        { name: "facts", kind: "data", source: "earlierResults" },
        { name: "text", profile: routes.a, routes: [routes.b, routes.c], messages: [{ role: "user", content: "About {{input.topic}}" }] },
      ],
    }],
    emergency: { routes: [routes.e], facts: "facts" },
    tiers: { pro: { retries: 0 } },
  };
}

describe("fallback routes A, B, C and the emergency route", () => {
  it("takes each route when the providers before it fail, then the emergency route with the verified facts", async () => {
    const user = jobUser();
    const run = async (topic: string, failing: number) => {
      const ids = { a: fakeModel(), b: fakeModel(), c: fakeModel(), e: fakeModel() };
      const fail = (index: number, directive: string) => (failing > index ? directive : "");
      const routes = {
        a: `openai/${ids.a}${fail(0, "~status=503")}`,
        b: `anthropic/${ids.b}${fail(1, "~status=529")}`,
        c: `google/${ids.c}${fail(2, "~status=503")}`,
        e: `openai/${ids.e}`,
      };
      const id = await startJob({ pipeline: "routed", input: { topic } }, withPipelines(user, routed(routes)));
      const events = await eventsOf(id, user);
      await resetBreakers();
      const job = await jobOf(id, user);
      expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
      return { routes, ids, job, fallbacks: named(events, "fallback").map((event) => event.data) };
    };

    const first = await run("one", 0);
    expect(first.job.routes).toEqual([{ stage: "write", route: first.routes.a, reason: "primary" }]);
    expect(first.fallbacks).toEqual([]);

    const second = await run("two", 1);
    expect(second.job.routes).toEqual([{ stage: "write", route: second.routes.b, reason: `fallback after ${second.routes.a}` }]);
    expect(second.fallbacks).toMatchObject([{ part: "text", route: second.routes.a, next: second.routes.b }]);
    expect(second.fallbacks[0]!.reason).toEqual(expect.any(String));

    const third = await run("three", 2);
    expect(third.job.routes).toEqual([{ stage: "write", route: third.routes.c, reason: `fallback after ${third.routes.b}` }]);
    expect(third.fallbacks.map((fallback) => [fallback.route, fallback.next])).toEqual([[third.routes.a, third.routes.b], [third.routes.b, third.routes.c]]);
    expect((third.job.result as { text: string }).text).toBe("Echo: About three");

    const fourth = await run("four", 3);
    expect(fourth.job.routes).toEqual([{ stage: "write", route: fourth.routes.e, reason: "emergency" }]);
    expect(fourth.fallbacks.at(-1)).toMatchObject({ route: fourth.routes.c, next: fourth.routes.e, emergency: true });
    expect(fourth.fallbacks.slice(0, -1).some((fallback) => "emergency" in fallback)).toBe(false);
    // One available model, given the facts verified by the earlier runs (their results) before the worker's prompt.
    const [rescue] = await sent(fourth.ids.e);
    const [facts, prompt] = rescue!.body.messages;
    expect(facts!.role).toBe("system");
    expect(facts!.content).toContain("Verified facts");
    for (const topic of ["one", "two", "three"]) expect(facts!.content).toContain(`Echo: About ${topic}`);
    expect(prompt).toEqual({ role: "user", content: "About four" });
  });

  it("fails the job when every route and the emergency route fail: status failed, the error set, job.failed last", async () => {
    const user = jobUser();
    const routes = {
      a: `openai/${fakeModel("~status=503")}`, b: `anthropic/${fakeModel("~status=529")}`, c: `openai/${fakeModel("~status=500")}`, e: `anthropic/${fakeModel("~status=529")}`,
    };
    const id = await startJob({ pipeline: "routed", input: { topic: "x" } }, withPipelines(user, routed(routes)));
    const events = await eventsOf(id, user);
    expect(events.at(-1)!.event).toBe("job.failed");
    expect(events.at(-1)!.data.status).toBe("failed");
    expect(named(events, "fallback").map((event) => event.data.next)).toEqual([routes.b, routes.c, routes.e]);
    expect(events.map((event) => event.event)).not.toContain("job.succeeded");
    const job = await jobOf(id, user);
    expect(job.status).toBe("failed");
    // The last route tried, the emergency's, names the error.
    const error = { code: "upstream_error", message: "Every upstream candidate failed (anthropic:529)." };
    expect(job.error).toEqual(error);
    expect(events.at(-1)!.data.error).toEqual(error);
    expect(job.result).toBeNull();
    expect(job.progress).toBeLessThan(100);
  });
});

describe("workers in parallel", () => {
  it("takes about the slowest worker's time, not the sum of the three", async () => {
    const user = jobUser();
    const models = [fakeModel("~firstTokenMs=1000"), fakeModel("~firstTokenMs=1000"), fakeModel("~firstTokenMs=1000")];
    const worker = (name: string, model: string) => ({ name, profile: `openai/${model}`, messages: [{ role: "user", content: "{{input.topic}}" }] });
    const pipeline = {
      name: "three", description: "Three slow workers.", input: { type: "object", properties: { topic: { type: "string" } } },
      stages: [{ name: "all", workers: models.map((model, at) => worker(`w${at}`, model)) }],
    };
    const started = Date.now();
    const id = await startJob({ pipeline: "three", input: { topic: "x" } }, withPipelines(user, pipeline));
    const events = await eventsOf(id, user);
    const elapsed = Date.now() - started;
    expect(events.at(-1)!.event).toBe("job.succeeded");
    // Every call reached its upstream before any of them was answered: the stage took the slowest call's time.
    const calls = (await Promise.all(models.map((model) => seenBy("openai", model)))).map(([sent]) => sent!);
    const firstEnd = Math.min(...calls.map((sent) => sent.endedAt!));
    for (const sent of calls) expect(sent.receivedAt).toBeLessThan(firstEnd);
    // In sequence the three would take 3000 ms at least.
    expect(elapsed).toBeLessThan(3_000);
  });
});

describe("cached validations", () => {
  function trip(validator: string) {
    return {
      name: "trip", description: "A plan and the city's validated locations.",
      input: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      stages: [{
        name: "plan",
        workers: [
          { name: "plan", profile: `openai/${fakeModel()}`, messages: [{ role: "user", content: "A day in {{input.city}}" }] },
          {
            name: "locations", profile: `openai/${validator}`, cache: { key: "{{input.city}}" },
            outputSchema: { type: "object", properties: { places: { type: "array", items: { type: "string" } } }, required: ["places"] },
            messages: [{ role: "user", content: "Validate the sights of {{input.city}}" }],
          },
        ],
      }],
    };
  }

  it("reuses a city's validation in its owner's later jobs without a model call; another city or another user calls", async () => {
    const validator = fakeModel();
    const owner = jobUser();
    const other = jobUser();
    const run = async (user: ReturnType<typeof jobUser>, city: string) => {
      const id = await startJob({ pipeline: "trip", input: { city } }, withPipelines(user, trip(validator)));
      expect((await eventsOf(id, user)).at(-1)!.event).toBe("job.succeeded");
      return jobOf(id, user);
    };

    const first = await run(owner, "Lisbon");
    expect(await sent(validator)).toHaveLength(1);
    expect(first.routes).toContainEqual({ stage: "plan", route: `openai/${validator}`, reason: "primary" });

    const again = await run(owner, "LISBON");
    expect(await sent(validator)).toHaveLength(1);
    expect(again.routes).toContainEqual({ stage: "plan", route: "cache", reason: "cached locations for LISBON" });
    expect((again.result as { locations: unknown }).locations).toEqual((first.result as { locations: unknown }).locations);

    await run(owner, "Porto");
    expect(await sent(validator)).toHaveLength(2);
    await run(other, "Lisbon");
    expect(await sent(validator)).toHaveLength(3);
  });
});

describe("prompt templates", () => {
  function templated(model: string, name = "summarize") {
    return {
      name: "templated", description: "A worker on a prompt template.",
      input: { type: "object", properties: { topic: { type: "string" }, words: { type: "integer" } }, required: ["topic", "words"] },
      stages: [{
        name: "one",
        workers: [{ name: "a", profile: `openai/${model}`, prompt: { name, variables: { text: "{{input.topic}}", audience: "children", maxWords: "{{input.words}}" } } }],
      }],
      tiers: { pro: { retries: 0 } },
    };
  }

  it("renders a worker's template with its variables filled from the input (a lone placeholder keeps its type)", async () => {
    const user = jobUser();
    const model = fakeModel();
    const id = await startJob({ pipeline: "templated", input: { topic: "The tide comes in twice a day.", words: 40 } }, withPipelines(user, templated(model)));
    expect((await eventsOf(id, user)).at(-1)!.event).toBe("job.succeeded");
    const [request] = await sent(model);
    expect(request!.body.messages[0]!.role).toBe("system");
    expect(request!.body.messages[0]!.content).toMatch(/^You write faithful summaries for children\..* Use at most 40 words\.$/);
    expect(request!.body.messages[1]).toEqual({ role: "user", content: "Summarise this text:\n\nThe tide comes in twice a day." });
  });

  it("fails the job with the template's error when the template does not exist", async () => {
    const user = jobUser();
    const model = fakeModel();
    const id = await startJob({ pipeline: "templated", input: { topic: "x", words: 40 } }, withPipelines(user, templated(model, "no-such-template")));
    expect((await eventsOf(id, user)).at(-1)!.event).toBe("job.failed");
    expect((await jobOf(id, user)).error).toMatchObject({ code: "prompt_not_found" });
    expect(await sent(model)).toHaveLength(0);
  });
});
