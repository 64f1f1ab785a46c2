import { buildDraftIdSchema, buildDraftListQuerySchema, GatewayError, type BuildDraftStatus } from "@chorus/core";
import type { Context } from "hono";
import { validateBody } from "../http/read-json-body.ts";

/** The `{id}` of a draft path; anything but a prompt-store key is a 400 naming `id`. */
export function buildDraftId(c: Context): string {
  const id = c.req.param("id") ?? "";
  if (!buildDraftIdSchema.safeParse(id).success) {
    throw new GatewayError({ status: 400, code: "invalid_request", param: "id", message: "Invalid 'id': a draft's id is its key in chorus-build's prompt store, 64 lowercase hex digits." });
  }
  return id;
}

/** `?status=pending|approved|rejected`, or every status. */
export function buildDraftStatusQuery(c: Context): BuildDraftStatus | undefined {
  return validateBody(buildDraftListQuerySchema, c.req.query()).status;
}

export function buildDraftNotFound(id: string): GatewayError {
  return new GatewayError({ status: 404, code: "not_found", param: "id", message: `No build draft has the id ${id}.` });
}
