import type { DataWorker } from "@chorus/core";
import { createDb, getSettings, listJobs } from "@chorus/db";
import type { GatewayEnv } from "../env.ts";

/** How many of the caller's earlier results of the same pipeline a data worker reads. */
const EARLIER_RESULTS = 5;

/** What a data worker reads of what Chorus holds about the job's owner: their settings, or their earlier results of this pipeline. */
export async function readData(env: GatewayEnv, userId: string, pipeline: string, worker: DataWorker): Promise<unknown> {
  const db = createDb(env.DB);
  if (worker.source === "settings") return getSettings(db, userId);
  const earlier = await listJobs(db, userId, { status: "succeeded", pipeline, limit: EARLIER_RESULTS });
  return earlier.map((job) => job.result);
}
