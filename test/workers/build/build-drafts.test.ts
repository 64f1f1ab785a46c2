import { sha256Hex, type BuildDraft } from "@chorus/core";
import { describe, expect, it } from "vitest";
import { call, type TestUser } from "../gateway-client.ts";

const ADMIN_TOKEN = { authorization: "Bearer test-admin-token-0123456789abcdef0123456789" };
const REVIEWER: TestUser = { sub: "reviewer", role: "admin" };

type ErrorBody = { error: { code: string; param: string | null; message: string } };

const builder = (): TestUser => ({ sub: `build-${crypto.randomUUID().slice(0, 8)}`, plan: "pro" });
const newId = () => sha256Hex(crypto.randomUUID());

async function draftBody(content: string, taskId = "home-intro") {
  const prompt = JSON.stringify({ messages: [{ role: "user", content: "Write the intro" }] });
  return {
    taskId, route: "/", profile: "balanced", provider: "anthropic", model: "claude-fake",
    prompt, promptHash: await sha256Hex(prompt), content, responseHash: await sha256Hex(content),
  };
}

async function submit(user: TestUser, id: string, body: unknown): Promise<Response> {
  return call(`/v1/build/drafts/${id}`, body, { user, method: "PUT" });
}

async function submitted(user: TestUser, id: string, content: string): Promise<BuildDraft> {
  const res = await submit(user, id, await draftBody(content));
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<BuildDraft>();
}

async function decide(id: string, decision: "approve" | "reject", user: TestUser = REVIEWER): Promise<Response> {
  return call(`/admin/build/drafts/${id}/${decision}`, undefined, { user, method: "POST" });
}

async function ownDrafts(user: TestUser, query = ""): Promise<BuildDraft[]> {
  const res = await call(`/v1/build/drafts${query}`, undefined, { user });
  expect(res.status).toBe(200);
  return (await res.json<{ drafts: BuildDraft[] }>()).drafts;
}

async function adminDrafts(query = ""): Promise<BuildDraft[]> {
  const res = await call(`/admin/build/drafts${query}`, undefined, { user: REVIEWER });
  expect(res.status).toBe(200);
  return (await res.json<{ drafts: BuildDraft[] }>()).drafts;
}

async function errorOf(res: Response, status: number): Promise<ErrorBody["error"]> {
  expect(res.status).toBe(status);
  return (await res.json<ErrorBody>()).error;
}

describe("build drafts: review of chorus-build's requiresApproval answers", () => {
  it("a build submits a draft, an admin sees it pending and approves it, and the build reads the decision", async () => {
    const build = builder();
    const id = await newId();
    const draft = await submitted(build, id, "Welcome to Chorus.");
    expect(draft).toMatchObject({ id, status: "pending", taskId: "home-intro", provider: "anthropic", model: "claude-fake", content: "Welcome to Chorus.", submittedBy: build.sub, decidedBy: null, decidedAt: null });

    expect((await adminDrafts("?status=pending")).map((entry) => entry.id)).toContain(id);
    const approved = await decide(id, "approve");
    expect(approved.status).toBe(200);
    expect(await approved.json<BuildDraft>()).toMatchObject({ id, status: "approved", decidedBy: "reviewer", decidedAt: expect.any(String) });

    expect((await adminDrafts("?status=pending")).map((entry) => entry.id)).not.toContain(id);
    expect((await adminDrafts("?status=approved")).map((entry) => entry.id)).toContain(id);
    expect(await ownDrafts(build)).toEqual([expect.objectContaining({ id, status: "approved", decidedBy: "reviewer" })]);
  });

  it("records a rejection with who and when; the admin token decides as `admin-token`", async () => {
    const build = builder();
    const id = await newId();
    await submitted(build, id, "Too salesy.");
    expect((await call(`/admin/build/drafts/${id}/reject`, undefined, { user: null, method: "POST" })).status).toBe(401);
    const res = await call(`/admin/build/drafts/${id}/reject`, undefined, { headers: ADMIN_TOKEN, user: null, method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json<BuildDraft>()).toMatchObject({ status: "rejected", decidedBy: "admin-token" });
    expect(await ownDrafts(build, "?status=rejected")).toEqual([expect.objectContaining({ id, status: "rejected" })]);
    expect(await ownDrafts(build, "?status=pending")).toEqual([]);
  });

  it("resubmitting the same content keeps the decision; other content is pending again", async () => {
    const build = builder();
    const id = await newId();
    await submitted(build, id, "First answer.");
    await decide(id, "approve");
    expect(await submitted(build, id, "First answer.")).toMatchObject({ status: "approved", decidedBy: "reviewer" });
    await decide(id, "reject");
    expect(await submitted(build, id, "First answer.")).toMatchObject({ status: "rejected" });
    expect(await submitted(build, id, "A new answer.")).toMatchObject({ status: "pending", content: "A new answer.", decidedBy: null, decidedAt: null });
    expect(await ownDrafts(build)).toHaveLength(1);
  });

  it("is admin only to list and decide; a build sees only its own drafts and cannot take over another's id", async () => {
    const build = builder();
    const other = builder();
    const id = await newId();
    await submitted(build, id, "Mine.");
    for (const res of [
      await call("/admin/build/drafts", undefined, { user: build }),
      await decide(id, "approve", build),
    ]) expect((await errorOf(res, 403)).code).toBe("forbidden");
    expect(await call("/admin/build/drafts", undefined, { user: null }).then((res) => res.status)).toBe(401);

    expect(await ownDrafts(other)).toEqual([]);
    expect((await errorOf(await submit(other, id, await draftBody("Theirs.")), 404)).param).toBe("id");
    expect(await ownDrafts(build)).toEqual([expect.objectContaining({ id, content: "Mine.", status: "pending" })]);
  });

  it("answers 404 for an unknown id and a 400 naming the param for bad input", async () => {
    const unknown = await newId();
    expect(await errorOf(await decide(unknown, "approve"), 404)).toMatchObject({ code: "not_found", param: "id" });
    expect((await errorOf(await decide("not-a-key", "approve"), 400)).param).toBe("id");
    const build = builder();
    const id = await newId();
    expect((await errorOf(await submit(build, "x", await draftBody("Hi")), 400)).param).toBe("id");
    const { taskId: _, ...noTask } = await draftBody("Hi");
    expect((await errorOf(await submit(build, id, noTask), 400)).param).toBe("taskId");
    expect((await errorOf(await submit(build, id, { ...await draftBody("Hi"), content: "Changed" }), 400)).param).toBe("responseHash");
    expect((await errorOf(await submit(build, id, { ...await draftBody("Hi"), prompt: "{}" }), 400)).param).toBe("promptHash");
    expect((await errorOf(await call("/admin/build/drafts?status=maybe", undefined, { user: REVIEWER }), 400)).param).toBe("status");
    expect((await errorOf(await call("/v1/build/drafts?status=maybe", undefined, { user: build }), 400)).param).toBe("status");
    expect(await ownDrafts(build)).toEqual([]);
  });
});
