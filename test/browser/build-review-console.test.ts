import { createHash } from "node:crypto";
import type { BuildDraft } from "@chorus/core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServedGateway } from "../e2e/served-gateway.ts";
import { chromiumOrNotice, startConsoleRig, type ConsoleRig } from "./console-rig.ts";

// The console's Build review page in Debian's Chromium against the served gateway: drafts chorus-build submitted
// (here submitted through the API as a build's user), approved by an admin.
const executablePath = chromiumOrNotice();

let rig: ConsoleRig;
let gateway: ServedGateway;
let page: Page;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** What chorus-build does with its own key: `PUT /v1/build/drafts/{id}`. */
async function submitDraft(taskId: string, content: string): Promise<BuildDraft> {
  const login = await fetch(`${gateway.url}/dev/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sub: "nextjs-build" }) });
  const { token } = (await login.json()) as { token: string };
  const prompt = JSON.stringify({ messages: [{ role: "user", content: `List the features (${taskId})` }] });
  const res = await fetch(`${gateway.url}/v1/build/drafts/${sha256(`${taskId}${crypto.randomUUID()}`)}`, {
    method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      taskId, route: "/features", profile: "compat", provider: "openai", model: "gpt-5.4",
      prompt, promptHash: sha256(prompt), content, responseHash: sha256(content),
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as BuildDraft;
}

async function signIn(userId: string, admin: boolean): Promise<void> {
  await page.goto(`${gateway.url}/`);
  await page.getByLabel("User id").fill(userId);
  if (admin) await page.getByLabel("Administrator").check();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Playground" }).waitFor();
}

beforeAll(async () => {
  if (!executablePath) return;
  rig = await startConsoleRig(executablePath);
  ({ gateway, page } = rig);
});

afterAll(async () => {
  await rig?.stop();
});

describe.skipIf(!executablePath)("the console's Build review page", () => {
  it("shows an admin a submitted draft with its JSON pretty-printed; approving it takes it off the pending list", async () => {
    const draft = await submitDraft("features", JSON.stringify({ features: [{ title: "Fast", body: "Answers at the edge." }] }));
    await signIn(`reviewer-${crypto.randomUUID()}`, true);
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Admin" }).click();
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Build review" }).click();
    await page.getByRole("heading", { name: "Build review" }).waitFor();

    const card = page.getByRole("article", { name: "Draft features" });
    await card.waitFor();
    expect(await card.textContent()).toContain("openai/gpt-5.4");
    expect(await card.textContent()).toContain("/features");
    expect(await card.getByLabel("Content of features").textContent()).toContain('"features": [\n    {\n      "title": "Fast"');
    await rig.screenshots("build-review");

    await card.getByRole("button", { name: "Approve" }).click();
    await card.waitFor({ state: "detached" });
    await page.getByText("No pending drafts.").waitFor();

    await page.getByLabel("Status").selectOption("approved");
    const approved = page.locator(`[data-draft-id="${draft.id}"]`);
    await approved.waitFor();
    expect(await approved.locator(".status").textContent()).toBe("approved");
    expect(await approved.textContent()).toMatch(/decided.*reviewer-/);
    expect(rig.errors).toEqual([]);
  });

  it("is not shown to a user who is not an admin", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn(`member-${crypto.randomUUID()}`, false);
    expect(await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Admin" }).count()).toBe(0);
    await page.goto(`${gateway.url}/build-review`);
    await page.getByText("Only administrators can see this page.").waitFor();
    expect(await page.getByRole("heading", { name: "Build review" }).count()).toBe(0);
  });
});
