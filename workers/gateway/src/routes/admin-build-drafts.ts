import { adminDecideBuildDraft, createDb, listBuildDrafts } from "@chorus/db";
import { Hono, type Context } from "hono";
import { buildDraftId, buildDraftNotFound, buildDraftStatusQuery } from "../build/build-draft-params.ts";
import type { GatewayEnv } from "../env.ts";

type Env = { Bindings: GatewayEnv };

async function decide(c: Context<Env>, status: "approved" | "rejected") {
  const id = buildDraftId(c);
  const draft = await adminDecideBuildDraft(createDb(c.env.DB), id, { status, by: c.get("principal").userId });
  if (!draft) throw buildDraftNotFound(id);
  return c.json(draft);
}

/**
 * `/admin/build/drafts` (admin only, `requireAdmin` on `/admin/*`): every
 * user's build drafts `[?status=]`, oldest first; `POST /{id}/approve` and
 * `/{id}/reject` record the decision with who and when (a later decision
 * replaces it). The next `chorus-build generate` reads it.
 */
export const adminBuildDrafts = new Hono<Env>()
  .get("/", async (c) => c.json({ drafts: await listBuildDrafts(createDb(c.env.DB), { status: buildDraftStatusQuery(c) }) }))
  .post("/:id/approve", (c) => decide(c, "approved"))
  .post("/:id/reject", (c) => decide(c, "rejected"));
