import { inspectRoutes } from "hono/dev";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../workers/gateway/src/create-app.ts";
import { call } from "../gateway-client.ts";

type Document = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>>;
  components: { schemas: Record<string, { type?: string; properties?: Record<string, unknown> }> };
};

const METHODS = ["get", "post", "put", "patch", "delete"];

async function documentServed(): Promise<Document> {
  const res = await call("/openapi.json", undefined, { user: null });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return (await res.json()) as Document;
}

/** Every route handler the app built by `createApp` serves (middleware left out), as `METHOD /path` with `{param}`. */
function servedRoutes(): { method: string; path: string }[] {
  return inspectRoutes(createApp())
    .filter((route) => !route.isMiddleware)
    .map((route) => ({ method: route.method, path: route.path.replace(/:(\w+)/g, "{$1}") }));
}

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document, public, with paths and components", async () => {
    const doc = await documentServed();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith("/"), path).toBe(true);
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS, `${method} ${path}`).toContain(method);
        expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it("describes every route the app serves", async () => {
    const doc = await documentServed();
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(30);
    const missing = served.filter(({ method, path }) => {
      // A catch-all (`app.all("/x/*")`, an endpoint not built yet) is described by its path under any method.
      if (method === "ALL") return doc.paths[path.replace(/\/\*$/, "")] === undefined;
      return doc.paths[path]?.[method.toLowerCase()] === undefined;
    });
    expect(missing).toEqual([]);
  });

  it("has request bodies generated from the zod schemas that validate them", async () => {
    const doc = await documentServed();
    const body = doc.paths["/v1/chat/completions"]!.post!.requestBody!.content["application/json"]!.schema.$ref;
    const chat = doc.components.schemas[body.split("/").pop()!]!;
    expect(chat.type).toBe("object");
    expect(Object.keys(chat.properties ?? {})).toEqual(expect.arrayContaining(["model", "messages", "stream", "tools", "response_format"]));
    const settings = doc.components.schemas.SettingsPatch!;
    expect(Object.keys(settings.properties ?? {}).sort()).toEqual(["aiEnabled", "favoriteModels", "preferredModel", "usageLimit", "usagePeriod"]);
    // Every $ref points at something the document holds.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map(([, ref]) => ref!);
    for (const ref of new Set(refs)) {
      const target = ref.split("/").reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });
});

describe("GET /docs", () => {
  it("is an HTML page whose scripts are all the gateway's own, and the script is JavaScript", async () => {
    const page = await call("/docs", undefined, { user: null });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    const sources = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map(([, src]) => src!);
    expect(sources.length).toBeGreaterThan(0);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
    for (const src of sources) {
      expect(src.startsWith("/") && !src.startsWith("//"), src).toBe(true);
      const script = await call(src, undefined, { user: null });
      expect(script.status).toBe(200);
      expect(script.headers.get("content-type")).toContain("javascript");
      const code = await script.text();
      expect(() => new Function(code)).not.toThrow();
      expect(code).toContain("/openapi.json");
    }
  });
});
