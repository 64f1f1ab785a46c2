export * from "./pipeline-schema.ts";
export * from "./parse-pipelines.ts";
export * from "./pipeline-for-plan.ts";
export * from "./fill-placeholders.ts";
export * from "./check-pipeline-input.ts";
export * from "./supervisor-review.ts";
export * from "./job-schemas.ts";
export * from "./job-progress.ts";
