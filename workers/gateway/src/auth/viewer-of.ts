import type { PersonaViewer } from "@chorus/core";
import type { Context } from "hono";
import { actingUserId } from "./acting-user-id.ts";

/** The caller as persona queries scope by it: their user id and the workspace their credential names. */
export function viewerOf(c: Context): PersonaViewer {
  const userId = actingUserId(c);
  const { workspace } = c.get("principal");
  return workspace === undefined ? { userId } : { userId, workspace };
}
