import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServedGateway } from "../e2e/served-gateway.ts";
import { chromiumOrNotice, startConsoleRig, type ConsoleRig } from "./console-rig.ts";

// The console's prompt templates page in Debian's Chromium against the served gateway (as console.test.ts does).
const executablePath = chromiumOrNotice();

let rig: ConsoleRig;
let gateway: ServedGateway;
let page: Page;
let browserErrors: string[];
const screenshots = (name: string) => rig.screenshots(name);

beforeAll(async () => {
  if (!executablePath) return;
  rig = await startConsoleRig(executablePath);
  ({ gateway, page, errors: browserErrors } = rig);
});

afterAll(async () => {
  await rig?.stop();
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
