import type { GatewayEnv } from "../env.ts";

/** The event log of `userId`'s job `id`: named by both, so an id alone never reaches another user's log. */
export function jobLogOf(env: GatewayEnv, userId: string, id: string) {
  return env.JOB_LOG.getByName(JSON.stringify([userId, id]));
}

/** A new job's id, also its Workflow instance's. */
export function newJobId(): string {
  return `job_${crypto.randomUUID().replaceAll("-", "")}`;
}
