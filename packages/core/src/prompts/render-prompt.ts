import type { OutputUnit } from "@cfworker/json-schema";
import { instancePath, validatorFor } from "../json-schema/json-schema-validator.ts";
import Mustache from "mustache";
import { GatewayError } from "../gateway-error.ts";
import { promptTemplateInvalid, promptVariablesInvalid } from "./prompt-errors.ts";
import type { PromptMessage } from "./prompt-schema.ts";
import type { PromptVersion } from "./prompt-template.ts";

/** Values are inserted as they are: these are prompts, not HTML. */
const verbatim = { escape: (value: unknown) => String(value) };

/**
 * The variables as a view with no prototypes, so a tag can only reach what
 * the caller sent (`{{constructor}}` finds nothing rather than a function).
 */
function plainView(value: unknown): unknown {
  if (Array.isArray(value)) return Object.setPrototypeOf(value.map(plainView), null);
  if (value === null || typeof value !== "object") return value;
  const view: Record<string, unknown> = Object.create(null);
  for (const [key, item] of Object.entries(value)) view[key] = plainView(item);
  return view;
}

/** The variable an error is about: the first property of its instance location, or the required one missing. */
function variableOf(error: OutputUnit): string | undefined {
  const path = instancePath(error);
  if (path.length > 0) return path.join(".");
  return /"([^"]+)"/.exec(error.error)?.[1];
}

/** The most specific error: a leaf names the variable and what is wrong with it, where the wrappers only repeat "does not match". */
function mostSpecific(errors: readonly OutputUnit[]): OutputUnit {
  return errors.find((error) => error.keyword === "required")
    ?? [...errors].sort((a, b) => b.instanceLocation.length - a.instanceLocation.length || b.keywordLocation.length - a.keywordLocation.length)[0]!;
}

/** `variables` checked against the version's JSON Schema (2020-12, no code generation); a failure is a 400 naming the variable. */
export function checkPromptVariables(version: Pick<PromptVersion, "variables">, variables: Record<string, unknown>): void {
  const result = validatorFor(version.variables).validate(variables);
  if (result.valid) return;
  const error = mostSpecific(result.errors);
  throw promptVariablesInvalid(variableOf(error), error.error);
}

/** The variables' schema is one the validator can use (it throws on some malformed schemas only when validating). */
export function checkPromptVariablesSchema(variables: Record<string, unknown>): void {
  try {
    validatorFor(variables).validate({});
  } catch (error) {
    throw new GatewayError({ status: 400, code: "invalid_request", param: "variables", message: `Invalid 'variables': not a usable JSON Schema (${error instanceof Error ? error.message : String(error)}).` });
  }
}

/** Every message's Mustache parses; an admin learns of an unclosed section when writing, not a caller when rendering. */
export function checkPromptMessages(messages: readonly PromptMessage[]): void {
  messages.forEach((message, index) => {
    try {
      Mustache.parse(message.content);
    } catch (error) {
      throw promptTemplateInvalid(index, error instanceof Error ? error.message : String(error));
    }
  });
}

/** The version's messages with `variables` inserted (Mustache, logic-less, no HTML escaping), after checking them. */
export function renderPrompt(version: Pick<PromptVersion, "messages" | "variables">, variables: Record<string, unknown>): PromptMessage[] {
  checkPromptVariables(version, variables);
  const view = plainView(variables);
  return version.messages.map((message) => ({ role: message.role, content: Mustache.render(message.content, view, {}, verbatim) }));
}
