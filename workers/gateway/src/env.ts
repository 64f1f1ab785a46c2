import type { SettingName } from "@chorus/core";

/** Names of the variables and secrets, generated (worker-configuration.d.ts) from wrangler.toml's [vars] and variables.env. */
export type GatewayVariable = SettingName<Omit<GatewayBindings, WorkflowBinding>>;

/** Workflow bindings, left out of the search for variables: their type is the Workflow class's, whose base names this env. */
type WorkflowBinding = "JOB_WORKFLOW";

/** Every variable and secret the gateway reads. Each may be unset: a deployment sets only what it uses. */
export type GatewayVariables = { readonly [Name in GatewayVariable]?: string };

/**
 * The Worker's bindings, as `wrangler types` generates them (`npm run types`):
 * its resources (D1, KV, Durable Objects), and its variables, made optional.
 */
export type GatewayEnv = Omit<GatewayBindings, GatewayVariable> & GatewayVariables;
