import { lt } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { checkDayRange } from "../day-range.ts";
import { usageDaily } from "../schema/usage-daily.ts";

/** Admin, all users: deletes usage rows of days before `day` (retention); returns how many went. */
export async function adminDeleteUsageBefore(db: ChorusDb, day: string): Promise<number> {
  checkDayRange({ from: day, to: day });
  const deleted = await db.delete(usageDaily).where(lt(usageDaily.date, day)).returning({ date: usageDaily.date });
  return deleted.length;
}
