/** A deployment mistake (bad variable or profiles file), named precisely so the operator can fix it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
