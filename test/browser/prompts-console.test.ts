import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveGateway, type ServedGateway } from "../e2e/served-gateway.ts";
import { startAllFakes, type AllFakes } from "../fakes/start-all-fakes.ts";
import { findChromium } from "./find-chromium.ts";

// The console's prompt templates page in Debian's Chromium against the served gateway (as console.test.ts does).
const executablePath = findChromium();
const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-artifacts", "screenshots");
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

let fakes: AllFakes;
let gateway: ServedGateway;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

async function screenshots(name: string): Promise<void> {
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
    if (size === PHONE) expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} fits a phone`).toBeLessThanOrEqual(PHONE.width);
  }
}

beforeAll(async () => {
  if (!executablePath) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const started = await startAllFakes();
  fakes = started;
  gateway = await serveGateway({ ...started.env });
  browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  page = await browser.newPage({ viewport: DESKTOP });
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => browserErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await Promise.all([fakes?.openai, fakes?.anthropic, fakes?.google].map((fake) => fake?.close()));
});

describe.skipIf(!executablePath)("the console's prompt templates page", () => {
  it("lists the shipped templates and shows one with its messages", async () => {
    await page.goto(`${gateway.url}/`);
    await page.getByLabel("User id").fill(`prompts-admin-${crypto.randomUUID()}`);
    await page.getByLabel("Administrator").check();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Playground" }).waitFor();
    await page.getByRole("link", { name: "Prompts" }).click();
    await page.getByRole("heading", { name: "Prompt templates" }).waitFor();
    const templates = page.getByRole("list", { name: "Templates" });
    await templates.getByRole("link", { name: "support-reply" }).waitFor();
    await templates.getByRole("link", { name: "summarize" }).click();
    await page.getByRole("heading", { name: "summarize" }).waitFor();
    expect(await page.getByRole("list", { name: "Template messages" }).textContent()).toContain("{{audience}}");
    expect(await page.getByText("Version 1").textContent()).toContain("Version 1");
  });

  it("previews a render, naming a bad variable with the API's message", async () => {
    const variables = page.getByLabel("Variables (JSON)");
    await variables.fill(JSON.stringify({ text: "Q3 revenue rose 12% to $4.1M." }));
    await page.getByRole("button", { name: "Render" }).click();
    await page.getByRole("alert").filter({ hasText: "param: variables.audience" }).waitFor();
    await variables.fill(JSON.stringify({ text: "Q3 revenue rose 12% to $4.1M.", audience: "the board", bullets: true }));
    await page.getByRole("button", { name: "Render" }).click();
    const rendered = page.getByRole("list", { name: "Rendered messages" });
    await rendered.waitFor();
    expect(await rendered.textContent()).toContain("You write faithful summaries for the board.");
    expect(await rendered.textContent()).toContain("Q3 revenue rose 12% to $4.1M.");
    await screenshots("prompts");
  });

  it("writes a new version and moves the production label to it", async () => {
    await page.getByRole("button", { name: "New version (admins)" }).click();
    const form = page.getByRole("form", { name: "New version" });
    await form.getByLabel("Description").fill("Summaries that end with one open question.");
    await form.getByRole("button", { name: "Save version" }).click();
    await form.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await page.getByRole("navigation", { name: "Versions" }).getByRole("link", { name: "v2" }).waitFor();
    const labels = page.getByRole("form", { name: "Move a label" });
    await labels.getByLabel("Version or split").fill("2");
    await labels.getByRole("button", { name: "Move label" }).click();
    await labels.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await page.getByRole("list", { name: "Templates" }).getByText("production: v2").waitFor();
    await page.getByRole("navigation", { name: "Versions" }).getByRole("link", { name: "v1" }).click();
    await page.getByText("Version 1").waitFor();
    expect(browserErrors).toEqual([]);
  });
});
