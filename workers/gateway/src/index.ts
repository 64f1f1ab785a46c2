import { createApp } from "./create-app.ts";

// Named, not `export *`: `wrangler types` types each binding by the class its entry exports by name.
export { Breaker, Idempotency, JobLog, JobWorkflow, SemanticCache, SessionThread, UserQuota } from "./worker-classes.ts";

export default createApp();
