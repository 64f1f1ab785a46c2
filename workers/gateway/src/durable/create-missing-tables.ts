/**
 * Runs the `CREATE` statement of each table or index in `schema` (by name)
 * that the object's database lacks, and returns the names it already had.
 * One read when an object starts instead of a statement per table: an
 * object starts again whenever it was evicted while idle, and the request
 * that wakes it waits for this.
 */
export function createMissingTables(sql: SqlStorage, schema: Readonly<Record<string, string>>): ReadonlySet<string> {
  const existing = new Set(sql.exec<{ name: string }>("SELECT name FROM sqlite_master").toArray().map((row) => row.name));
  for (const [name, create] of Object.entries(schema)) if (!existing.has(name)) sql.exec(create);
  return existing;
}
