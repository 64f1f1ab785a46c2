import {
  checkPromptMessages, checkPromptVariablesSchema, latestVersion, promptCreateSchema, promptLabelsPatchSchema, promptLabelVersionUnknown, promptSummary, targetVersions, viewOf,
  type PromptLabelTarget, type PromptTemplateRecord,
} from "@chorus/core";
import { adminCreatePromptVersion, adminSetPromptLabels, createDb, findPromptTemplate } from "@chorus/db";
import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { ensureShippedPrompts, promptTemplate } from "../prompts/prompt-catalog.ts";

/** Versions count from 1 with no gaps and are never deleted, so a version exists when it is at most the newest. */
function checkTargets(labels: Record<string, PromptLabelTarget | null>, newest: number): void {
  for (const [label, target] of Object.entries(labels)) {
    const unknown = target === null ? undefined : targetVersions(target).find((version) => version > newest);
    if (unknown !== undefined) throw promptLabelVersionUnknown(label, unknown);
  }
}

/**
 * `/admin/prompts` (admin only, `requireAdmin` on `/admin/*`): `POST`
 * writes the next version of a template (201), with labels pointing at it
 * (a list) or anywhere (an object); `PATCH /{name}` moves labels (`null`
 * removes one). `latest` moves by itself and cannot be set.
 */
export const adminPrompts = new Hono<{ Bindings: GatewayEnv }>()
  .post("/", async (c) => {
    const input = await readJsonBody(c, promptCreateSchema);
    checkPromptMessages(input.messages);
    checkPromptVariablesSchema(input.variables);
    const db = createDb(c.env.DB);
    await ensureShippedPrompts(c.env.DB);
    const before: PromptTemplateRecord | undefined = await findPromptTemplate(db, input.name);
    const labels = Array.isArray(input.labels) ? undefined : input.labels;
    // The new version is at most one past today's newest: checked before writing, so a refusal writes nothing.
    if (labels) checkTargets(labels, (before ? latestVersion(before) : 0) + 1);
    const created = await adminCreatePromptVersion(db, { name: input.name, description: input.description, messages: input.messages, variables: input.variables });
    const moves = labels ?? Object.fromEntries((Array.isArray(input.labels) ? input.labels : []).map((label) => [label, created.version]));
    await adminSetPromptLabels(db, input.name, moves);
    const record = await promptTemplate(c.env.DB, input.name);
    return c.json(viewOf(record, created), 201);
  })
  .patch("/:name", async (c) => {
    const { labels } = await readJsonBody(c, promptLabelsPatchSchema);
    const name = c.req.param("name");
    checkTargets(labels, latestVersion(await promptTemplate(c.env.DB, name)));
    await adminSetPromptLabels(createDb(c.env.DB), name, labels);
    return c.json(promptSummary(await promptTemplate(c.env.DB, name)));
  });
