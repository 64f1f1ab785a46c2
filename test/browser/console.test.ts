import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServedGateway } from "../e2e/served-gateway.ts";
import { chromiumOrNotice, startConsoleRig, type ConsoleRig } from "./console-rig.ts";

// The web console in Debian's Chromium against the gateway served as `npm start` serves it, with fake upstreams.
const executablePath = chromiumOrNotice();

let rig: ConsoleRig;
let gateway: ServedGateway;
let page: Page;
let browserErrors: string[];
const screenshots = (name: string) => rig.screenshots(name);

async function open(path: string): Promise<void> {
  await page.goto(`${gateway.url}${path}`);
}

beforeAll(async () => {
  if (!executablePath) return;
  rig = await startConsoleRig(executablePath, { LLM_PROFILES: JSON.stringify({
    defaultProfile: "compat",
    profiles: {
      compat: { candidates: [{ provider: "openai", model: "gpt-fake" }] },
      cheap: { candidates: [{ provider: "openai", model: "gpt-fake" }] },
      // A first candidate that always fails, so a request is served after a fallback (fallback use on the dashboard).
      resilient: { candidates: [{ provider: "anthropic", model: "claude-down~status=503" }, { provider: "openai", model: "gpt-fake" }] },
    },
  }) });
  ({ gateway, page, errors: browserErrors } = rig);
});

afterAll(async () => {
  await rig?.stop();
});

describe.skipIf(!executablePath)("the web console in Chromium", () => {
  it("signs in with the development login and keeps the session across a reload", async () => {
    await open("/");
    await expect(page.getByRole("heading", { name: "Sign in to Chorus" }).isVisible()).resolves.toBe(true);
    await screenshots("sign-in");
    await page.getByLabel("User id").fill(`console-${crypto.randomUUID()}`);
    await page.getByLabel("Administrator").check();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Playground" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Playground" }).waitFor();
  });

  it("saves settings: a preferred model, a favourite and a usage limit, still there after a reload", async () => {
    await open("/settings");
    await page.getByLabel("Preferred model").selectOption("cheap");
    await page.getByRole("checkbox", { name: "compat" }).check();
    await page.getByLabel("Usage limit (requests)").fill("500");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel("Preferred model").inputValue()).toBe("cheap");
    expect(await page.getByLabel("Usage limit (requests)").inputValue()).toBe("500");
    expect(await page.getByRole("checkbox", { name: "compat" }).isChecked()).toBe(true);
    // Back to the default route, so later answers come from the profile the test expects.
    await page.getByLabel("Preferred model").selectOption("");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  });

  it("adds an own key through a masked field, shows only its last 4 and tests the connection", async () => {
    await open("/settings");
    const keyField = page.getByLabel("API key");
    expect(await keyField.getAttribute("type")).toBe("password");
    await page.getByLabel("Provider", { exact: true }).selectOption("anthropic");
    await keyField.fill("sk-ant-own-key-9876");
    await page.getByRole("button", { name: "Save key" }).click();
    const stored = page.locator("li[data-key=anthropic]");
    await stored.waitFor();
    expect(await stored.textContent()).toContain("••••9876");
    expect(await page.content()).not.toContain("sk-ant-own-key-9876");
    await page.getByRole("button", { name: "Test connection (anthropic)" }).click();
    await stored.getByRole("status").filter({ hasText: /Connected in \d+ ms/ }).waitFor();
    await screenshots("settings");
  });

  it("shows the API's own message when a request is refused", async () => {
    const notACard = { spec: "chara_card_v2", data: {} };
    const refused = await page.evaluate(async (card) => {
      const answer = await fetch("/v1/personas/import", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${localStorage.getItem("chorus.token")}` },
        body: JSON.stringify(card),
      });
      return { status: answer.status, body: await answer.json() as { error: { message: string } } };
    }, notACard);
    expect(refused.status).toBe(400);
    await open("/personas");
    await page.getByLabel("Card JSON").fill(JSON.stringify(notACard));
    await page.getByRole("button", { name: "Import card" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain(refused.body.error.message);
  });

  it("creates a persona with the guided builder, finds it by tag and previews it", async () => {
    await open("/personas/new");
    await page.getByLabel("Name").fill("Harbour Poet");
    await page.getByLabel("Key", { exact: true }).fill("harbour-poet");
    await page.getByLabel("Role", { exact: true }).fill("A poet who lives by the sea");
    await page.getByLabel("Setting").fill("An evening reading in a harbour bar.");
    await page.getByLabel("Voice").fill("Warm, short lines, sea imagery.");
    await page.getByLabel("Knowledge").fill("Tides\nKnots");
    await page.getByLabel("Constraints").fill("Never use more than four lines.");
    await page.getByLabel("Sample questions").fill("the sea at night");
    await page.getByLabel("Tags").fill("verse, sea");
    await screenshots("persona-builder");
    await page.getByRole("button", { name: "Create persona" }).click();
    await page.waitForURL(/\/personas\/user%3Aharbour-poet$/);
    // The first sample question fills the field once the stored persona has loaded.
    await expect.poll(() => page.getByLabel("Preview message").inputValue()).toBe("the sea at night");
    await page.getByRole("button", { name: "Preview" }).click();
    const answer = page.getByLabel("Preview answer");
    await answer.waitFor();
    expect(await answer.textContent()).toBe("Echo: the sea at night");

    await open("/personas");
    await page.getByLabel("Filter by tag").fill("sea");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => page.getByRole("list", { name: "Personas" }).getByRole("listitem").allTextContents()).toEqual([expect.stringContaining("Harbour Poet")]);
    await screenshots("personas");
  });

  it("streams a playground answer in a persona's voice and shows the route taken", async () => {
    await open("/");
    await page.getByLabel("Persona (x-chorus-persona)").selectOption("user:harbour-poet");
    await page.getByLabel("Message").fill("Hello harbour");
    await page.getByRole("button", { name: "Send" }).click();
    const transcript = page.getByRole("list", { name: "Conversation" });
    await transcript.getByRole("listitem").filter({ hasText: "Echo: Hello harbour" }).waitFor();
    const routeTaken = page.getByRole("definition").and(page.locator("[data-header=provider]"));
    await routeTaken.waitFor();
    expect(await routeTaken.textContent()).toBe("openai");
    expect(await page.locator("[data-header=profile]").textContent()).toBe("compat");
    await screenshots("playground");
  });

  it("plays a theatre scene: two personas answer in turn, and the session is stored", async () => {
    await open("/");
    await page.getByLabel("Theatre mode").check();
    await page.getByRole("checkbox", { name: "Harbour Poet" }).check();
    const second = page.getByRole("group", { name: "Cast, in speaking order" }).getByRole("checkbox").filter({ hasNot: page.locator(":checked") }).first();
    await second.check();
    await page.getByLabel("Message to the cast").fill("Tell me about boats");
    await page.getByRole("button", { name: "Send to the cast" }).click();
    const thread = page.getByRole("list", { name: "Theatre thread" });
    await expect.poll(() => thread.locator("li.assistant").count(), { timeout: 20_000 }).toBe(2);
    const speakers = await thread.locator("li.assistant").evaluateAll((items) => items.map((item) => item.getAttribute("data-persona")));
    expect(speakers[0]).toBe("user:harbour-poet");
    expect(speakers[1]).not.toBe("user:harbour-poet");
    await screenshots("theatre");

    await page.getByRole("link", { name: "Open the session" }).click();
    const stored = page.getByRole("region", { name: "Session thread" });
    await expect.poll(() => stored.locator("li").count()).toBe(3);
    await screenshots("sessions");
    await page.getByRole("button", { name: /^Delete “Tell me about boats”/ }).click();
    await expect.poll(() => page.getByRole("list", { name: "Sessions" }).getByText("Tell me about boats").count()).toBe(0);
  });

  it("charts the caller's usage per day", async () => {
    await open("/usage");
    const data = page.getByRole("table", { name: "Requests per day data" });
    await expect.poll(async () => Number(await data.locator("tbody td").nth(1).textContent()), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator("[data-chart='Requests per day'] canvas").count()).toBeGreaterThan(0);
    await screenshots("usage");
  });

  it("draws the admin dashboard's charts from the requests just made", async () => {
    const fallback = await page.evaluate(async () => {
      const answer = await fetch("/v1/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${localStorage.getItem("chorus.token")}`, "x-chorus-cache": "no-store" },
        body: JSON.stringify({ model: "resilient", messages: [{ role: "user", content: "fall back" }] }),
      });
      return { status: answer.status, fallback: answer.headers.get("x-chorus-fallback") };
    });
    expect(fallback).toEqual({ status: 200, fallback: "anthropic:503" });
    // The same question again once the first answer is stored: answered from the cache.
    const question = `cache me ${crypto.randomUUID()}`;
    const ask = () => page.evaluate(async (content) => (await fetch("/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${localStorage.getItem("chorus.token")}` },
      body: JSON.stringify({ messages: [{ role: "user", content }] }),
    })).headers.get("x-chorus-cache"), question);
    expect(await ask()).toBe("miss");
    await expect.poll(ask).toBe("hit");
    await open("/");
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Admin" }).click();
    await page.getByRole("heading", { name: "Operations" }).waitFor();
    const providers = page.getByRole("table", { name: "Providers" });
    await expect.poll(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      return providers.getByRole("row", { name: /openai/ }).textContent();
    }, { timeout: 20_000 }).toMatch(/closed/);
    const latency = page.getByRole("table", { name: "Latency by provider (ms) data" });
    expect(await latency.locator("tbody tr").first().locator("td").first().textContent()).toBe("openai");
    const requests = page.getByRole("table", { name: "Requests by provider data" });
    await expect.poll(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      return Number(await requests.locator("tbody tr", { hasText: "openai" }).locator("td").nth(1).textContent());
    }, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    // Something was drawn: the canvas has painted pixels, not an empty box.
    const painted = await page.locator("[data-chart='Requests by provider'] canvas").first().evaluate((canvas: HTMLCanvasElement) => {
      const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) count++;
      return count;
    });
    expect(painted).toBeGreaterThan(100);
    const fallbacks = page.getByRole("table", { name: "Fallback use by provider data" });
    await expect.poll(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      return Number(await fallbacks.locator("tbody tr", { hasText: "openai" }).locator("td").nth(1).textContent());
    }, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const cacheRate = page.getByRole("table", { name: "Cache hit rate by provider (%) data" });
    expect(Number(await cacheRate.locator("tbody tr", { hasText: "openai" }).locator("td").nth(1).textContent())).toBeGreaterThan(0);
    for (const chart of ["Fallback use by provider", "Cache hit rate by provider (%)", "Cost by provider (USD)", "Cost per user, top 10 (USD)"]) {
      expect(await page.locator(`[data-chart='${chart}'] canvas`).count(), chart).toBeGreaterThan(0);
    }
    await screenshots("admin");
    expect(browserErrors).toEqual([]);
  });

  it("creates an API key, shows its secret once, and revokes it", async () => {
    await open("/admin");
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "API keys" }).click();
    await page.getByRole("heading", { name: "API keys" }).waitFor();
    const owner = `server-${crypto.randomUUID()}`;
    await page.getByLabel("User id").fill(owner);
    await page.getByLabel("Key name").fill("billing export");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = page.getByLabel("New API key");
    await secret.waitFor();
    const key = (await secret.textContent())!;
    expect(key).toMatch(/^ck_/);
    const row = page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ hasText: owner });
    await expect.poll(() => row.textContent()).toContain("active");
    await screenshots("api-keys");
    // The key works as its user, then the secret is gone from the page for good.
    const actsAs = await page.evaluate(async (bearer) => (await (await fetch("/v1/me", { headers: { authorization: `Bearer ${bearer}` } })).json() as { userId: string }).userId, key);
    expect(actsAs).toBe(owner);
    await page.getByRole("button", { name: "I have copied it" }).click();
    expect(await page.content()).not.toContain(key);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(key);

    await page.getByRole("button", { name: `Revoke billing export (${owner})` }).click();
    await expect.poll(() => row.textContent()).toMatch(/revoked/);
    const refused = await page.evaluate(async (bearer) => (await fetch("/v1/me", { headers: { authorization: `Bearer ${bearer}` } })).status, key);
    expect(refused).toBe(401);
  });

  it("hides the admin pages from a user who is not an admin, and says why AI is unavailable", async () => {
    await open("/");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("User id").fill(`member-${crypto.randomUUID()}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Playground" }).waitFor();
    const nav = page.getByRole("navigation", { name: "Console" });
    await nav.getByRole("link", { name: "Settings" }).waitFor();
    expect(await nav.getByRole("link", { name: "Admin" }).count()).toBe(0);
    expect(await page.getByRole("status", { name: "AI unavailable" }).count()).toBe(0);
    await open("/admin");
    await page.getByText("Only administrators can see this page.").waitFor();
    expect(await page.getByRole("heading", { name: "Operations" }).count()).toBe(0);
    await open("/api-keys");
    await page.getByText("Only administrators can see this page.").waitFor();

    await open("/settings");
    await page.getByLabel("AI features enabled").uncheck();
    await page.getByRole("button", { name: "Save settings" }).click();
    const banner = page.getByRole("status", { name: "AI unavailable" });
    await banner.waitFor();
    expect(await banner.textContent()).toContain("AI is turned off in your settings.");
    await open("/");
    await banner.waitFor();
    await screenshots("ai-unavailable");
    await page.getByRole("link", { name: "Open settings" }).click();
    await page.getByLabel("AI features enabled").check();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => banner.count()).toBe(0);
    expect(browserErrors).toEqual([]);
  });
});
