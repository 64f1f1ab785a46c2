import { describe, expect, it } from "vitest";
import { seenBy } from "../fake-upstream.ts";
import { call, settle, type TestUser } from "../gateway-client.ts";

const ADMIN = { authorization: "Bearer test-admin-token-0123456789abcdef0123456789" };
const asAdmin = (path: string, body: unknown, method = "POST") => call(path, body, { headers: ADMIN, user: null, method });

type Message = { role: string; content: string };
type View = { name: string; version: number; labels: string[]; description: string; messages: Message[]; variables: unknown; createdAt: string };
type ErrorBody = { error: { code: string; param: string | null; message: string } };

const newName = (what: string) => `${what}-${crypto.randomUUID().slice(0, 8)}`;

function greeting(name: string, greet = "Hello") {
  return {
    name,
    description: "Greets someone",
    messages: [{ role: "system", content: "You are {{persona}}." }, { role: "user", content: `${greet} {{who}}!` }],
    variables: { type: "object", properties: { persona: { type: "string" }, who: { type: "string", minLength: 1 } }, required: ["persona", "who"] },
  };
}

async function create(body: unknown): Promise<View> {
  const res = await asAdmin("/admin/prompts", body);
  expect(res.status).toBe(201);
  return res.json<View>();
}

async function get(path: string, user?: TestUser): Promise<View> {
  const res = await call(path, undefined, user ? { user } : {});
  expect(res.status).toBe(200);
  return res.json<View>();
}

async function error(res: Response, status: number): Promise<ErrorBody["error"]> {
  expect(res.status).toBe(status);
  return (await res.json<ErrorBody>()).error;
}

/** One fake OpenAI model as the default profile, cache as given. */
function servedBy(model: string, cache: "on" | "off" = "off"): Record<string, string> {
  return { CACHE_DEFAULT: cache, LLM_PROFILES: JSON.stringify({ defaultProfile: "compat", profiles: { compat: { candidates: [{ provider: "openai", model }] } } }) };
}

describe("prompt templates: versions and labels", () => {
  it("ships config/prompts/*.json, present at start with their production label", async () => {
    const res = await call("/v1/prompts");
    expect(res.status).toBe(200);
    const { data } = await res.json<{ data: { name: string; latestVersion: number; labels: Record<string, unknown> }[] }>();
    const summarize = data.find((entry) => entry.name === "summarize");
    expect(summarize?.labels).toMatchObject({ production: 1, latest: 1 });
    expect(data.some((entry) => entry.name === "support-reply")).toBe(true);
    const view = await get("/v1/prompts/summarize");
    expect(view.labels).toEqual(["production", "latest"]);
    expect(view.messages[0]!.role).toBe("system");
  });

  it("counts versions from 1 and never changes one once written; latest moves by itself", async () => {
    const name = newName("greet");
    const first = await create(greeting(name));
    expect(first).toMatchObject({ name, version: 1, labels: ["latest"] });
    const second = await create(greeting(name, "Goodbye"));
    expect(second.version).toBe(2);
    const v1 = await get(`/v1/prompts/${name}?version=1`);
    expect(v1.messages[1]!.content).toBe("Hello {{who}}!");
    expect(v1.createdAt).toBe(first.createdAt);
    expect((await get(`/v1/prompts/${name}?label=latest`)).version).toBe(2);
    // No production label: the default is latest.
    expect((await get(`/v1/prompts/${name}`)).version).toBe(2);
  });

  it("moves labels, and serves production by default once it is set", async () => {
    const name = newName("labels");
    await create({ ...greeting(name), labels: ["production"] });
    await create(greeting(name, "Hi"));
    expect((await get(`/v1/prompts/${name}`)).version).toBe(1);
    const moved = await asAdmin(`/admin/prompts/${name}`, { labels: { production: 2, beta: 1 } }, "PATCH");
    expect(moved.status).toBe(200);
    expect((await moved.json<{ labels: unknown }>()).labels).toEqual({ production: 2, beta: 1, latest: 2 });
    expect((await get(`/v1/prompts/${name}`)).version).toBe(2);
    expect((await get(`/v1/prompts/${name}?label=beta`)).version).toBe(1);
    expect(await error(await asAdmin(`/admin/prompts/${name}`, { labels: { production: 9 } }, "PATCH"), 400)).toMatchObject({ param: "labels.production" });
    expect((await error(await asAdmin(`/admin/prompts/${name}`, { labels: { latest: 1 } }, "PATCH"), 400)).message).toMatch(/latest/);
  });

  it("splits a label by weight, sticky per user, and both versions are seen over many users", async () => {
    const name = newName("split");
    await create(greeting(name));
    await create(greeting(name, "Hey"));
    expect((await asAdmin(`/admin/prompts/${name}`, { labels: { production: { "1": 50, "2": 50 } } }, "PATCH")).status).toBe(200);
    const seen = new Map<string, number>();
    for (let index = 0; index < 24; index++) {
      const user = { sub: `split-user-${index}`, plan: "pro" as const };
      seen.set(user.sub, (await get(`/v1/prompts/${name}`, user)).version);
    }
    expect(new Set(seen.values())).toEqual(new Set([1, 2]));
    for (const [sub, version] of [...seen].slice(0, 4)) {
      const rendered = await call(`/v1/prompts/${name}/render`, { variables: { persona: "a bot", who: "Ann" } }, { user: { sub, plan: "pro" } });
      expect((await rendered.json<{ version: number }>()).version).toBe(version);
    }
  });

  it("lets only admins write: other callers get 403", async () => {
    const name = newName("guarded");
    const user = { sub: "prompt-writer", plan: "pro" as const };
    expect(await error(await call("/admin/prompts", greeting(name), { user }), 403)).toMatchObject({ code: expect.any(String) });
    await create(greeting(name));
    expect((await call(`/admin/prompts/${name}`, { labels: { production: 1 } }, { user, method: "PATCH" })).status).toBe(403);
    expect((await call("/admin/prompts", greeting(name), { user: { sub: "prompt-admin", role: "admin" } })).status).toBe(201);
  });

  it("refuses a template whose Mustache does not parse, naming the message", async () => {
    const body = { ...greeting(newName("broken")), messages: [{ role: "user", content: "{{#open}} never closed" }] };
    expect(await error(await asAdmin("/admin/prompts", body), 400)).toMatchObject({ param: "messages[0].content" });
  });
});

describe("rendering", () => {
  it("renders the messages with the variables inserted as text, unescaped", async () => {
    const name = newName("render");
    await create(greeting(name));
    const res = await call(`/v1/prompts/${name}/render`, { variables: { persona: "R&D's <helper>", who: "Zoë" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name, version: 1, messages: [{ role: "system", content: "You are R&D's <helper>." }, { role: "user", content: "Hello Zoë!" }] });
  });

  it("answers variables that fail the schema with a 400 naming the variable", async () => {
    const name = newName("invalid");
    await create(greeting(name));
    expect(await error(await call(`/v1/prompts/${name}/render`, { variables: { persona: "x" } }), 400)).toMatchObject({ param: "variables.who" });
    expect(await error(await call(`/v1/prompts/${name}/render`, { variables: { persona: 3, who: "y" } }), 400)).toMatchObject({ param: "variables.persona" });
  });

  it("answers an unknown name, version or label with 404 prompt_not_found", async () => {
    const name = newName("known");
    await create(greeting(name));
    for (const path of [`/v1/prompts/${newName("nope")}`, `/v1/prompts/${name}?version=5`, `/v1/prompts/${name}?label=nope`]) {
      expect(await error(await call(path), 404)).toMatchObject({ code: "prompt_not_found" });
    }
    expect(await error(await call(`/v1/prompts/${name}/render`, { version: 3, variables: {} }), 404)).toMatchObject({ code: "prompt_not_found" });
    expect(await error(await asAdmin(`/admin/prompts/${newName("nope")}`, { labels: { production: 1 } }, "PATCH"), 404)).toMatchObject({ code: "prompt_not_found" });
  });
});

describe("prompt on chat and the Responses API", () => {
  it("renders the template before the caller's messages and names it in x-chorus-prompt", async () => {
    const name = newName("chat");
    await create({ ...greeting(name), labels: ["production"] });
    const model = newModel("prompt-chat");
    const res = await call("/v1/chat/completions", { prompt: { name, variables: { persona: "a pirate", who: "Ann" } }, messages: [{ role: "user", content: "and more" }] }, { env: servedBy(model) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-prompt")).toBe(`${name}@1`);
    const [seen] = await seenBy("openai", model);
    expect((seen!.body as unknown as { messages: Message[] }).messages).toEqual([
      { role: "system", content: "You are a pirate." }, { role: "user", content: "Hello Ann!" }, { role: "user", content: "and more" },
    ]);
  });

  it("keeps personas on top of the template (the template runs before prompt composition)", async () => {
    const name = newName("persona");
    await create(greeting(name));
    const model = newModel("prompt-persona");
    const res = await call("/v1/chat/completions", { prompt: { name, version: 1, variables: { persona: "p", who: "w" } } }, { env: servedBy(model), headers: { "x-chorus-persona": "writer" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-persona")).toBe("writer");
    const [seen] = await seenBy("openai", model);
    const messages = (seen!.body as unknown as { messages: Message[] }).messages;
    // The persona's system text comes first; the rendered template follows as the caller's messages.
    expect(messages[0]!.role).toBe("system");
    expect(messages[0]!.content).not.toBe("You are p.");
    expect(messages).toContainEqual({ role: "system", content: "You are p." });
    expect(messages).toContainEqual({ role: "user", content: "Hello w!" });
  });

  it("caches by the rendered messages: other variables are a miss, the same ones a hit", async () => {
    const name = newName("cached");
    await create(greeting(name));
    const env = servedBy(newModel("prompt-cache"), "on");
    const ask = (who: string) => call("/v1/chat/completions", { prompt: { name, variables: { persona: "p", who } } }, { env });
    expect((await ask("Ann")).headers.get("x-chorus-cache")).toBe("miss");
    await settle();
    expect((await ask("Bob")).headers.get("x-chorus-cache")).toBe("miss");
    await settle();
    const again = await ask("Ann");
    expect(again.headers.get("x-chorus-cache")).toBe("hit");
    expect(again.headers.get("x-chorus-prompt")).toBe(`${name}@1`);
  });

  it("refuses bad variables and a body with neither messages nor prompt", async () => {
    const name = newName("chat-bad");
    await create(greeting(name));
    expect(await error(await call("/v1/chat/completions", { prompt: { name, variables: { persona: "p" } } }), 400)).toMatchObject({ param: "variables.who" });
    expect(await error(await call("/v1/chat/completions", { prompt: { name: newName("gone"), variables: {} } }), 404)).toMatchObject({ code: "prompt_not_found" });
    expect(await error(await call("/v1/chat/completions", { model: "compat" }), 400)).toMatchObject({ param: "messages" });
  });

  it("works on the Responses API in place of input", async () => {
    const name = newName("responses");
    await create(greeting(name));
    const model = newModel("prompt-responses");
    const res = await call("/v1/responses", { prompt: { name, variables: { persona: "a poet", who: "Ann" } } }, { env: servedBy(model) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-prompt")).toBe(`${name}@1`);
    expect((await res.json<{ object: string }>()).object).toBe("response");
    const [seen] = await seenBy("openai", model);
    expect((seen!.body as unknown as { messages: Message[] }).messages).toEqual([{ role: "system", content: "You are a poet." }, { role: "user", content: "Hello Ann!" }]);
  });
});

function newModel(what: string): string {
  return `${what}-${crypto.randomUUID()}`;
}
