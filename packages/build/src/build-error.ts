/**
 * A mistake the CLI reports and exits non-zero on: a config file, a field, a
 * task or a store entry, named in the message. Anything else is a bug.
 */
export class BuildError extends Error {
  override readonly name = "BuildError";
}
