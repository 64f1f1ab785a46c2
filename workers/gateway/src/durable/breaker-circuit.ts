import type { BreakerState } from "@chorus/core";

/** The circuit's one row (docs/storage.md), for `createMissingTables`. */
export const CIRCUIT_TABLE = `CREATE TABLE circuit (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  state TEXT NOT NULL,
  failures TEXT NOT NULL,
  open_until INTEGER,
  permit_id TEXT,
  permit_expires_at INTEGER,
  touched_at INTEGER NOT NULL,
  version INTEGER NOT NULL
)`;

type CircuitRow = { state: string; failures: string; open_until: number | null; permit_id: string | null; permit_expires_at: number | null; version: number };

/** The stored circuit and its version (0 before the first write). */
export function readCircuit(sql: SqlStorage): { circuit: BreakerState; version: number } {
  const row = sql.exec<CircuitRow>("SELECT state, failures, open_until, permit_id, permit_expires_at, version FROM circuit WHERE id = 1").toArray()[0];
  if (!row) return { circuit: { state: "closed", failures: [] }, version: 0 };
  // `failures`: closed, the window's failure times; open, the time it opened (absent in rows written before it was kept).
  const failures = JSON.parse(row.failures) as number[];
  if (row.state === "closed") return { circuit: { state: "closed", failures }, version: row.version };
  if (row.state === "open") return { circuit: { state: "open", openedAt: failures[0] ?? 0, openUntil: row.open_until ?? 0 }, version: row.version };
  if (row.permit_id !== null && row.permit_expires_at !== null) {
    return { circuit: { state: "half_open", permit: { id: row.permit_id, expiresAt: row.permit_expires_at } }, version: row.version };
  }
  return { circuit: { state: "half_open" }, version: row.version };
}

/**
 * Stores the circuit; answers its new version. `touched_at` is the object's
 * own time (the idle alarm's), whatever clock the circuit ran on.
 */
export function writeCircuit(sql: SqlStorage, circuit: BreakerState): number {
  const permit = circuit.state === "half_open" ? circuit.permit : undefined;
  const failures = circuit.state === "closed" ? circuit.failures : circuit.state === "open" ? [circuit.openedAt] : [];
  return sql.exec<{ version: number }>(
    `INSERT INTO circuit (id, state, failures, open_until, permit_id, permit_expires_at, touched_at, version) VALUES (1, ?, ?, ?, ?, ?, ?, 1)
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, failures = excluded.failures, open_until = excluded.open_until,
       permit_id = excluded.permit_id, permit_expires_at = excluded.permit_expires_at, touched_at = excluded.touched_at,
       version = circuit.version + 1
     RETURNING version`,
    circuit.state,
    JSON.stringify(failures),
    circuit.state === "open" ? circuit.openUntil : null,
    permit?.id ?? null,
    permit?.expiresAt ?? null,
    Date.now(),
  ).one().version;
}
