import { roundUsd, type AdminUsageRow } from "@chorus/db";

/** A usage row's counters without whose they are. */
export type UsageTotals = Omit<AdminUsageRow, "userId" | "plan" | "provider">;

const EMPTY: Readonly<UsageTotals> = {
  requests: 0, cachedRequests: 0, ownKeyRequests: 0, fallbackRequests: 0, tokensIn: 0, tokensOut: 0, cachedTokens: 0, costUsd: 0, estimated: false,
};

function add(total: UsageTotals, row: UsageTotals): UsageTotals {
  return {
    requests: total.requests + row.requests,
    cachedRequests: total.cachedRequests + row.cachedRequests,
    ownKeyRequests: total.ownKeyRequests + row.ownKeyRequests,
    fallbackRequests: total.fallbackRequests + row.fallbackRequests,
    tokensIn: total.tokensIn + row.tokensIn,
    tokensOut: total.tokensOut + row.tokensOut,
    cachedTokens: total.cachedTokens + row.cachedTokens,
    costUsd: roundUsd(total.costUsd + row.costUsd),
    estimated: total.estimated || row.estimated,
  };
}

export function totalOf(rows: readonly AdminUsageRow[]): UsageTotals {
  return rows.reduce<UsageTotals>(add, { ...EMPTY });
}

/**
 * Rows summed per group, in the order groups first appear; `label` names
 * each group in the result (`{userId, plan}`, `{plan}`, `{provider}`).
 */
export function rollUp<L extends object>(
  rows: readonly AdminUsageRow[],
  groupOf: (row: AdminUsageRow) => { key: string; label: L },
): (L & UsageTotals)[] {
  const groups = new Map<string, L & UsageTotals>();
  for (const row of rows) {
    const { key, label } = groupOf(row);
    const group = groups.get(key);
    groups.set(key, { ...label, ...add(group ?? EMPTY, row) });
  }
  return [...groups.values()];
}
