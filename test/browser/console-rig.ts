import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";
import { serveGateway, type ServedGateway } from "../e2e/served-gateway.ts";
import { startAllFakes } from "../fakes/start-all-fakes.ts";
import { findChromium } from "./find-chromium.ts";

/** Debian's Chromium, or undefined after a loud notice (an error when CI is set: there the browser tests must run). */
export function chromiumOrNotice(): string | undefined {
  const executablePath = findChromium();
  if (!executablePath) {
    const notice = "Chromium is not on PATH: the console's browser tests cannot run (apt-get install chromium)";
    if (process.env.CI) throw new Error(notice);
    console.warn(`\n${"!".repeat(80)}\n!! SKIPPED: ${notice}\n${"!".repeat(80)}\n`);
  }
  return executablePath;
}

const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-artifacts", "screenshots");
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

/** The web console in Chromium against the gateway served as `npm start` serves it, with fake upstreams. */
export interface ConsoleRig {
  gateway: ServedGateway;
  page: Page;
  /** Uncaught errors of the page's scripts. */
  errors: string[];
  /** The page at phone and desktop size, saved for a person to look at; at phone size nothing may overflow sideways. */
  screenshots(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startConsoleRig(executablePath: string, env: Record<string, string> = {}): Promise<ConsoleRig> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const fakes = await startAllFakes();
  const gateway = await serveGateway({ ...fakes.env, ...env });
  const browser: Browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  const page = await browser.newPage({ viewport: DESKTOP });
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return {
    gateway, page, errors,
    async screenshots(name) {
      for (const size of [PHONE, DESKTOP]) {
        await page.setViewportSize(size);
        await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
        if (size === PHONE) expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} fits a phone`).toBeLessThanOrEqual(PHONE.width);
      }
    },
    async stop() {
      await browser.close();
      await gateway.stop();
      await Promise.all([fakes.openai, fakes.anthropic, fakes.google].map((fake) => fake.close()));
    },
  };
}
