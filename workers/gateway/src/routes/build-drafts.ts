import { buildDraftSubmitSchema, GatewayError, sha256Hex } from "@chorus/core";
import { createDb, listBuildDrafts, submitBuildDraft } from "@chorus/db";
import { Hono } from "hono";
import { actingUserId } from "../auth/acting-user-id.ts";
import { buildDraftId, buildDraftNotFound, buildDraftStatusQuery } from "../build/build-draft-params.ts";
import type { GatewayEnv } from "../env.ts";
import { readJsonBody } from "../http/read-json-body.ts";

function hashMismatch(param: "promptHash" | "responseHash", of: string): GatewayError {
  return new GatewayError({ status: 400, code: "invalid_request", param, message: `Invalid '${param}': it is not the SHA-256 of '${of}'.` });
}

/**
 * `/v1/build/drafts` (CONTRACT.md "Build-time generation for Next.js"): the
 * build's side of review, with its own key. `PUT /{id}` submits a draft
 * (idempotent: the same content keeps its decision; other content is pending
 * again), `GET [?status=]` lists the caller's drafts with their decisions.
 * Deciding is for admins (`/admin/build/drafts`), so a build cannot approve
 * its own answers.
 */
export const buildDraftsRoute = new Hono<{ Bindings: GatewayEnv }>()
  .put("/:id", async (c) => {
    const id = buildDraftId(c);
    const userId = actingUserId(c);
    const input = await readJsonBody(c, buildDraftSubmitSchema);
    // What an admin approves is exactly what the build will serve.
    if (await sha256Hex(input.prompt) !== input.promptHash) throw hashMismatch("promptHash", "prompt");
    if (await sha256Hex(input.content) !== input.responseHash) throw hashMismatch("responseHash", "content");
    const draft = await submitBuildDraft(createDb(c.env.DB), userId, id, input);
    if (!draft) throw buildDraftNotFound(id);
    return c.json(draft);
  })
  .get("/", async (c) => {
    const status = buildDraftStatusQuery(c);
    return c.json({ drafts: await listBuildDrafts(createDb(c.env.DB), { status, submittedBy: actingUserId(c) }) });
  });
