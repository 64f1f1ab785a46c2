export * from "./plan-limits.ts";
export * from "./usage-period.ts";
export * from "./sliding-window.ts";
export * from "./decide-admission.ts";
export * from "./serving-hint.ts";
