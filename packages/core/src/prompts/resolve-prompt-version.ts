import { GatewayError } from "../gateway-error.ts";
import { chooseSplitVersion } from "./choose-split-version.ts";
import { promptNotFound } from "./prompt-errors.ts";
import type { PromptSelector } from "./prompt-schema.ts";
import { latestVersion, type PromptTemplateRecord, type PromptVersion } from "./prompt-template.ts";

/**
 * The version a caller gets: the one asked for, else the label's (a split
 * chosen per user, sticky), else `production`, else `latest`. An unknown
 * version or label is 404 `prompt_not_found`.
 */
export function resolvePromptVersion(record: PromptTemplateRecord, selector: PromptSelector, userId: string): PromptVersion {
  if (selector.version !== undefined && selector.label !== undefined) {
    throw new GatewayError({ status: 400, code: "invalid_request", param: "label", message: "Invalid 'label': ask for a version or a label, not both." });
  }
  const wanted = selector.version ?? numberOf(record, selector.label, userId);
  const found = record.versions.find((version) => version.version === wanted);
  if (!found) throw promptNotFound(record.name, selector.label !== undefined ? `label ${JSON.stringify(selector.label)}` : `version ${wanted}`);
  return found;
}

function numberOf(record: PromptTemplateRecord, label: string | undefined, userId: string): number {
  const name = label ?? (Object.hasOwn(record.labels, "production") ? "production" : "latest");
  if (name === "latest") return latestVersion(record);
  if (!Object.hasOwn(record.labels, name)) throw promptNotFound(record.name, `label ${JSON.stringify(name)}`);
  const target = record.labels[name]!;
  return typeof target === "number" ? target : chooseSplitVersion(target, userId, record.name);
}
