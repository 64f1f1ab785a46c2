export * from "./plan-limits.ts";
export * from "./usage-period.ts";
export * from "./sliding-window.ts";
export * from "./decide-admission.ts";
export * from "./admission-headroom.ts";
export * from "./lease-policy.ts";
export * from "./enabled-with-own-keys.ts";
