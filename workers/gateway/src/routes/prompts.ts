import { promptRenderSchema, promptSelectorSchema, promptSummary, resolvePromptVersion, viewOf } from "@chorus/core";
import { Hono } from "hono";
import * as z from "zod";
import type { GatewayEnv } from "../env.ts";
import { readJsonBody, validateBody } from "../http/read-json-body.ts";
import { promptTemplate, promptTemplates } from "../prompts/prompt-catalog.ts";
import { renderPromptRef } from "../prompts/render-prompt-ref.ts";

const selectorQuery = promptSelectorSchema.extend({ version: z.coerce.number().int().min(1).optional() });

/**
 * `/v1/prompts` (CONTRACT.md "Prompt templates"), for any caller: the list,
 * one version (`?version=`, `?label=`, else `production`, else `latest`; a
 * split label picks per caller, sticky), and a render. Unknown names,
 * versions and labels are 404 `prompt_not_found`.
 */
export const promptsRoute = new Hono<{ Bindings: GatewayEnv }>()
  .get("/", async (c) => c.json({ data: (await promptTemplates(c.env.DB)).map(promptSummary) }))
  .get("/:name", async (c) => {
    const selector = validateBody(selectorQuery, c.req.query());
    const record = await promptTemplate(c.env.DB, c.req.param("name"));
    return c.json(viewOf(record, resolvePromptVersion(record, selector, c.get("principal").userId)));
  })
  .post("/:name/render", async (c) => {
    const request = await readJsonBody(c, promptRenderSchema);
    return c.json(await renderPromptRef(c.env.DB, c.get("principal").userId, { ...request, name: c.req.param("name") }));
  });
