/**
 * examples/nextjs built as a user builds it: its own `npm install`, then
 * `npm run build` (chorus-build generate, then next build), on a copy beside
 * the example so its links into the repository hold. Proves CONTRACT.md
 * "Build-time generation for Next.js": pages show the generated copy, metadata
 * and JSON-driven list; a rebuild with nothing changed calls no model and
 * writes byte-identical HTML, RSC and fragments; with every provider failing
 * the build still succeeds from the store and the curated fallbacks.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BuildManifest, FragmentFile } from "../../packages/build/src/index.ts";
import { startFailingProviders, type FailingProviders } from "./failing-providers.ts";
import { startFakeChorusGateway, type FakeChorusGateway } from "./fake-chorus-gateway.ts";
import { runCommand } from "./run-command.ts";
import { changedPaths, treeHashes } from "./tree-hashes.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const example = join(root, "examples/nextjs");
// Beside the example, at the same depth: `file:../../packages/build` and `npm --prefix ../..` still reach the repository.
const app = join(root, "examples/.nextjs-test");
const serverApp = join(app, ".next/server/app");
const fragmentsDir = join(app, ".next/cache/llm");
const store = join(app, "store/prompts.db");

interface Trail {
  slug: string;
  name: string;
  region: string;
  summary: string;
}

/** What the fake gateway answers the `trails` task with: unlike the curated fallback, so the test can tell them apart. */
const GATEWAY_TRAILS: { trails: Trail[] } = {
  trails: [
    { slug: "test-ridge", name: "Test Ridge", region: "Highlands", summary: "A ridge written by the fake gateway for the build test." },
    { slug: "test-lake", name: "Test Lake", region: "Lake District", summary: "A lake loop written by the fake gateway for the build test." },
    { slug: "test-coast", name: "Test Coast", region: "Cornish coast", summary: "A coastal path written by the fake gateway for the build test." },
  ],
};

// The developer's own provider and gateway settings stay out of the builds; each test says which it wants.
const CHORUS_VARIABLE = /^(OPENAI|ANTHROPIC|GOOGLE|GROQ|LOCAL|DEMO|CHORUS|LLM|RETRY|UPSTREAM|FIRST|STREAM|REQUEST)_/;

function buildEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CHORUS_VARIABLE.test(name)));
  return { ...env, NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

async function npmBuild(extra: Record<string, string> = {}): Promise<string> {
  const { output, ms } = await runCommand("npm", ["run", "build"], { cwd: app, env: buildEnv(extra) });
  console.log(`examples/nextjs: npm run build took ${(ms / 1000).toFixed(1)} s`);
  return output;
}

function fragment<Content>(id: string): FragmentFile<Content> {
  const manifest = JSON.parse(readFileSync(join(fragmentsDir, "manifest.json"), "utf8")) as BuildManifest;
  return JSON.parse(readFileSync(join(fragmentsDir, manifest.buildId, `${id}.json`), "utf8")) as FragmentFile<Content>;
}

/** Text as React writes it into HTML. */
function html(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;");
}

function page(path: string): string {
  return readFileSync(join(serverApp, path), "utf8");
}

/** The prerendered pages show the fragments of this build: the intro, the meta description, the list and a page per trail. */
function expectPagesShowFragments(): void {
  const intro = fragment<string>("home-intro").content;
  const description = fragment<string>("site-description").content;
  const { trails } = fragment<{ trails: Trail[] }>("trails").content;
  const home = page("index.html");
  for (const paragraph of intro.trim().split(/\n{2,}/)) expect(home, "the home page shows the generated intro").toContain(`<p>${html(paragraph)}</p>`);
  expect(home, "generateMetadata's description").toContain(`<meta name="description" content="${html(description)}"/>`);
  expect(trails.length).toBeGreaterThanOrEqual(3);
  for (const trail of trails) {
    expect(home, "the home page lists every trail").toContain(`<a href="/trails/${trail.slug}">${html(trail.name)}</a>`);
    const trailPage = page(`trails/${trail.slug}.html`);
    expect(trailPage, "generateStaticParams made a page per trail, titled by generateMetadata").toContain(`<title>${html(trail.name)} · Ridgeline Trails</title>`);
    expect(trailPage).toContain(`<meta name="description" content="${html(trail.summary)}"/>`);
  }
}

function storeHash(): string {
  return createHash("sha256").update(readFileSync(store)).digest("hex");
}

function snapshot() {
  return { app: treeHashes(serverApp), fragments: treeHashes(fragmentsDir), store: storeHash() };
}

let gateway: FakeChorusGateway;
let failing: FailingProviders;

beforeAll(async () => {
  const profiles = JSON.parse(readFileSync(join(example, "chorus/llm-profiles.json"), "utf8"));
  [gateway, failing] = await Promise.all([startFakeChorusGateway(profiles, GATEWAY_TRAILS), startFailingProviders()]);
  rmSync(app, { recursive: true, force: true });
  cpSync(example, app, { recursive: true, filter: (source) => !/[/\\](node_modules|\.next)$/.test(source) });
  const { ms } = await runCommand("npm", ["install", "--no-audit", "--no-fund"], { cwd: app, env: buildEnv({}) });
  console.log(`examples/nextjs: npm install took ${(ms / 1000).toFixed(1)} s`);
});

afterAll(async () => {
  await Promise.all([gateway?.close(), failing?.server.close()]);
  if (!process.env.KEEP_NEXTJS_TEST) rmSync(app, { recursive: true, force: true });
});

describe("examples/nextjs: npm run build", () => {
  test("on a fresh clone, with no keys and no gateway, builds from the committed store and leaves it unchanged", async () => {
    const committed = storeHash();
    await npmBuild();
    expectPagesShowFragments();
    expect(storeHash(), "the committed store/prompts.db is not rewritten").toBe(committed);
  });

  test("through a gateway with an empty store: one model call per task, the answers on the pages", async () => {
    rmSync(store);
    await npmBuild({ CHORUS_URL: gateway.url, CHORUS_API_KEY: "ck_build_test" });
    expect(gateway.modelCalls(), "home-intro, site-description and trails each asked once").toBe(3);
    expect(fragment<string>("home-intro")).toMatchObject({ source: "model", provider: "anthropic", model: "claude-sonnet-5" });
    expect(fragment<string>("site-description").content).toBe(
      "Written by the seo profile for the build test: Write the meta description of Ridgeline Trails, a guide to day walks along ridges, lakes and coastal paths.",
    );
    expect(fragment("trails").content).toEqual(GATEWAY_TRAILS);
    expectPagesShowFragments();
  });

  test("a rebuild with nothing changed calls no model and writes byte-identical HTML, RSC, fragments and store", async () => {
    const first = snapshot();
    await npmBuild({ CHORUS_URL: gateway.url, CHORUS_API_KEY: "ck_build_test" });
    expect(gateway.modelCalls(), "no model call on the rebuild").toBe(3);
    const second = snapshot();
    const paths = [...first.app.keys()];
    expect(paths.filter((path) => path.endsWith(".html")).length, "prerendered HTML").toBeGreaterThanOrEqual(5);
    expect(paths.filter((path) => path.endsWith(".rsc")).length, "RSC payloads").toBeGreaterThanOrEqual(5);
    expect(changedPaths(first.app, second.app), "files under .next/server/app that differ").toEqual([]);
    expect(changedPaths(first.fragments, second.fragments), "fragments under .next/cache/llm that differ").toEqual([]);
    expect(second.store, "store/prompts.db").toBe(first.store);
  });

  test("with every provider failing, a changed task falls back to its curated file and the rest come from the store", async () => {
    const contentMap = join(app, "chorus/content-map.yaml");
    const yaml = readFileSync(contentMap, "utf8");
    expect(yaml).toContain("paragraphs: 2");
    writeFileSync(contentMap, yaml.replace("paragraphs: 2", "paragraphs: 3"));
    const stored = { description: fragment<string>("site-description").content, trails: fragment("trails").content };

    await npmBuild(failing.env);

    const intro = fragment<string>("home-intro");
    expect(intro).toMatchObject({ source: "fallback", provider: null });
    expect(intro.content).toBe(readFileSync(join(app, "chorus/fallbacks/home-intro.md"), "utf8"));
    expect(fragment("site-description")).toMatchObject({ source: "model", content: stored.description });
    expect(fragment("trails")).toMatchObject({ source: "model", content: stored.trails });
    const asked = failing.server.requests.map((request) => JSON.stringify(request.body));
    expect(asked.length, "the providers were tried for the changed task").toBeGreaterThan(0);
    expect(asked.every((body) => body.includes("introduction of the home page")), "only the changed task called a model").toBe(true);
    expectPagesShowFragments();
    expect(existsSync(join(serverApp, "trails/test-ridge.html"))).toBe(true);
  });
});
