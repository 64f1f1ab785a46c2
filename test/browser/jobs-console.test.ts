import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobProfiles } from "../e2e/job-profiles.ts";
import type { ServedGateway } from "../e2e/served-gateway.ts";
import { chromiumOrNotice, startConsoleRig, type ConsoleRig } from "./console-rig.ts";

// The console's jobs page in Debian's Chromium against the served gateway (as console.test.ts does), running the
// shipped summary pipeline on the fake upstreams; the supervisor's and aggregator's profile answers after 2 s,
// so a job stays running long enough to watch its draft come before its result, and to cancel one.
const executablePath = chromiumOrNotice();

let rig: ConsoleRig;
let gateway: ServedGateway;
let page: Page;
let browserErrors: string[];

beforeAll(async () => {
  if (!executablePath) return;
  rig = await startConsoleRig(executablePath, { LLM_PROFILES: jobProfiles(2_000) });
  ({ gateway, page, errors: browserErrors } = rig);
});

afterAll(async () => {
  await rig?.stop();
});

const job = () => page.getByRole("region", { name: "Job" });
const status = () => job().getByTestId("job-status");

async function startSummary(text: string): Promise<string> {
  const form = page.getByRole("form", { name: "Start a job" });
  await form.getByLabel("Pipeline").selectOption("summary");
  await form.getByLabel("Text (required)").fill(text);
  await form.getByLabel("Audience").fill("a ship's crew");
  await form.getByRole("button", { name: "Start job" }).click();
  await page.waitForURL(/\/jobs\/[^/]+$/);
  return decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1)!);
}

describe.skipIf(!executablePath)("the console's jobs page", () => {
  it("starts a summary job from the pipeline's form and follows it live: stages, the draft, then 100% and the final result", async () => {
    await page.goto(`${gateway.url}/`);
    await page.getByLabel("User id").fill(`jobs-${crypto.randomUUID()}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Playground" }).waitFor();
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Jobs" }).click();
    await page.getByRole("heading", { name: "Jobs", exact: true }).waitFor();
    // The schema's long `text` is a text area, its short `audience` a one-line input.
    const form = page.getByRole("form", { name: "Start a job" });
    expect(await form.getByLabel("Text (required)").evaluate((element) => element.tagName)).toBe("TEXTAREA");
    expect(await form.getByLabel("Audience").evaluate((element) => element.tagName)).toBe("INPUT");

    const id = await startSummary("The tide comes in twice a day. The moon's pull causes it.");

    // The draft shows while the job still runs (the supervisor is reviewing it), before any final result.
    await job().getByRole("region", { name: "Draft" }).waitFor();
    expect(await job().getByRole("region", { name: "Final result" }).count()).toBe(0);
    const stages = job().getByRole("list", { name: "Stages" }).getByRole("listitem");
    expect(await stages.allTextContents()).toEqual(["draft done", "review running"]);
    await rig.screenshots("jobs-running");

    await job().getByTestId("job-progress").filter({ hasText: "100%" }).waitFor({ timeout: 30_000 });
    expect(await status().textContent()).toBe("succeeded");
    expect(await job().getByRole("progressbar", { name: "Job progress" }).evaluate((bar) => (bar as HTMLProgressElement).value)).toBe(100);
    const result = job().getByRole("region", { name: "Final result" });
    expect(await result.textContent()).toContain("The tide comes in twice a day.");
    expect(await job().getByTestId("quality-score").textContent()).toBe("10/10");
    expect(await stages.allTextContents()).toEqual(["draft done", "review done"]);
    await job().getByRole("table", { name: "Routes taken" }).getByRole("cell", { name: "draft" }).first().waitFor();
    expect(await job().getByRole("button", { name: "Cancel job" }).count()).toBe(0);
    await page.getByRole("list", { name: "Jobs" }).getByRole("listitem").filter({ has: page.locator(`a[href="/jobs/${id}"]`) }).getByText("succeeded").waitFor();
    await rig.screenshots("jobs-succeeded");
  });

  it("cancels a running job: the stream ends with it cancelled, and the list says so", async () => {
    await page.goto(`${gateway.url}/jobs`);
    const id = await startSummary("Cancel me before the review.");
    await status().filter({ hasText: "running" }).waitFor();
    await job().getByRole("button", { name: "Cancel job" }).click();

    await status().filter({ hasText: "cancelled" }).waitFor();
    expect(await job().getByRole("button", { name: "Cancel job" }).count()).toBe(0);
    expect(await job().getByRole("region", { name: "Final result" }).count()).toBe(0);
    expect(await job().getByTestId("job-progress").textContent()).not.toBe("100%");
    expect(await job().getByRole("list", { name: "Stages" }).getByRole("listitem").allTextContents()).toContain("review skipped");
    await page.getByRole("list", { name: "Jobs" }).getByRole("listitem").filter({ has: page.locator(`a[href="/jobs/${id}"]`) }).getByText("cancelled").waitFor();
    await rig.screenshots("jobs-cancelled");
    expect(browserErrors).toEqual([]);
  });
});

