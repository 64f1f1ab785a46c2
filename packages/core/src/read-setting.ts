/** The names of `Env`'s string members: its variables and secrets, not its resources (databases, namespaces). */
export type SettingName<Env> = { [Name in keyof Env]-?: Exclude<Env[Name], undefined> extends string ? Name : never }[keyof Env];

/**
 * A variable or secret by name, trimmed; unset or blank reads as undefined.
 * Every read by a name held in a variable goes through here, and the name
 * must be one `Env` declares.
 */
export function readSetting<Env extends object>(env: Env, name: SettingName<Env>): string | undefined {
  const value: unknown = env[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
