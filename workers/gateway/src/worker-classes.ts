// The Durable Object and Workflow classes wrangler.toml binds, which a Worker's entry must export:
// the gateway's (index.ts) and the benchmark's variants (bench/variant-worker.ts) export these alike.
export { Breaker } from "./durable/breaker.ts";
export { Idempotency } from "./durable/idempotency.ts";
export { JobLog } from "./durable/job-log.ts";
export { SemanticCache } from "./durable/semantic-cache.ts";
export { SessionThread } from "./durable/session-thread.ts";
export { UserQuota } from "./durable/user-quota.ts";
export { JobWorkflow } from "./jobs/job-workflow.ts";
