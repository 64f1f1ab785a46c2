import type { PromptLabelTarget, PromptTemplateRecord, PromptVersion } from "@chorus/core";
import type { promptLabels } from "../schema/prompt-labels.ts";
import type { promptVersions } from "../schema/prompt-versions.ts";

type VersionRow = typeof promptVersions.$inferSelect;
type LabelRow = typeof promptLabels.$inferSelect;

export function toPromptVersion(row: VersionRow): PromptVersion {
  return { name: row.name, version: row.version, description: row.description, messages: row.messages, variables: row.variables, createdAt: row.createdAt.toISOString() };
}

/** Rows of several templates, grouped into records by name (versions in order). */
export function toPromptRecords(versions: VersionRow[], labels: LabelRow[]): PromptTemplateRecord[] {
  const records = new Map<string, PromptTemplateRecord>();
  const recordOf = (name: string) => {
    let record = records.get(name);
    if (!record) records.set(name, (record = { name, versions: [], labels: {} }));
    return record;
  };
  for (const row of [...versions].sort((a, b) => a.version - b.version)) recordOf(row.name).versions.push(toPromptVersion(row));
  for (const row of labels) if (records.has(row.name)) recordOf(row.name).labels[row.label] = row.target as PromptLabelTarget;
  return [...records.values()].sort((a, b) => a.name.localeCompare(b.name));
}
