import { and, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { sessions } from "../schema/sessions.ts";

/** Removes `userId`'s session `id`; false when there was none of theirs (the route answers 404). */
export async function deleteSession(db: ChorusDb, userId: string, id: string): Promise<boolean> {
  const deleted = await db.delete(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return deleted.length > 0;
}
