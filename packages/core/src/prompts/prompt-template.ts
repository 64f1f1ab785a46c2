import type { PromptLabelTarget, PromptMessage } from "./prompt-schema.ts";

/** One immutable version of a template. */
export interface PromptVersion {
  name: string;
  version: number;
  description: string;
  messages: PromptMessage[];
  /** JSON Schema of the variables. */
  variables: Record<string, unknown>;
  createdAt: string;
}

/** A template with every version and its labels (`latest` not among them: it is always the newest version). */
export interface PromptTemplateRecord {
  name: string;
  versions: PromptVersion[];
  labels: Record<string, PromptLabelTarget>;
}

/** A version as the API shows it: CONTRACT.md's template shape, with the labels that point at it. */
export interface PromptView extends PromptVersion {
  labels: string[];
}

/** The newest version's number. */
export function latestVersion(record: PromptTemplateRecord): number {
  return Math.max(0, ...record.versions.map((version) => version.version));
}

/** The versions a label target may pick. */
export function targetVersions(target: PromptLabelTarget): number[] {
  return typeof target === "number" ? [target] : Object.keys(target).map(Number);
}

/** The labels that point at `version` (a split points at each of its versions), `latest` included. */
export function labelsOf(record: PromptTemplateRecord, version: number): string[] {
  const labels = Object.entries(record.labels).filter(([, target]) => targetVersions(target).includes(version)).map(([label]) => label).sort();
  return version === latestVersion(record) ? [...labels, "latest"] : labels;
}

export function viewOf(record: PromptTemplateRecord, version: PromptVersion): PromptView {
  return { ...version, labels: labelsOf(record, version.version) };
}

/** A template in `GET /v1/prompts`: its newest version's description and every label, `latest` included. */
export interface PromptSummary {
  name: string;
  description: string;
  latestVersion: number;
  labels: Record<string, PromptLabelTarget>;
  updatedAt: string;
}

export function promptSummary(record: PromptTemplateRecord): PromptSummary {
  const newest = record.versions.at(-1)!;
  const latest = latestVersion(record);
  return { name: record.name, description: newest.description, latestVersion: latest, labels: { ...record.labels, latest }, updatedAt: newest.createdAt };
}

/** `POST /v1/prompts/{name}/render`: the version used and its messages. */
export interface RenderedPrompt {
  name: string;
  version: number;
  messages: PromptMessage[];
}
