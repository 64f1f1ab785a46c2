import { sql } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { users, type Plan } from "../schema/users.ts";

/**
 * Remembers the plan and verification a user's JWT carried, so their API keys
 * act with that plan and admin reports can group by plan. Writes only when
 * something changed, so calling it after every authenticated request (in
 * `waitUntil`) costs a read, not a write.
 */
export async function recordUser(
  db: ChorusDb,
  userId: string,
  seen: { plan: Plan; emailVerified: boolean },
  now: Date = new Date(),
): Promise<void> {
  await db.insert(users)
    .values({ id: userId, plan: seen.plan, emailVerified: seen.emailVerified, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: users.id,
      set: { plan: seen.plan, emailVerified: seen.emailVerified, updatedAt: now },
      setWhere: sql`${users.plan} is not excluded.plan or ${users.emailVerified} is not excluded.email_verified`,
    });
}
