import { createApp } from "./create-app.ts";

export { Breaker } from "./durable/breaker.ts";
export { Idempotency } from "./durable/idempotency.ts";
export { JobLog } from "./durable/job-log.ts";
export { SemanticCache } from "./durable/semantic-cache.ts";
export { SessionThread } from "./durable/session-thread.ts";
export { UserQuota } from "./durable/user-quota.ts";
export { JobWorkflow } from "./jobs/job-workflow.ts";

export default createApp();
