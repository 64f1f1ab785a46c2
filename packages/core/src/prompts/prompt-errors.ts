import { GatewayError } from "../gateway-error.ts";

/** An unknown template, or a version or label it does not have. */
export function promptNotFound(name: string, what?: string): GatewayError {
  const of = what ? ` ${what} of the prompt template ${JSON.stringify(name)}` : ` prompt template ${JSON.stringify(name)}`;
  return new GatewayError({ status: 404, code: "prompt_not_found", message: `There is no${of}.` });
}

/** Variables that fail the template's schema: a 400 naming the variable. */
export function promptVariablesInvalid(variable: string | undefined, message: string): GatewayError {
  const param = variable ? `variables.${variable}` : "variables";
  return new GatewayError({ status: 400, code: "invalid_prompt_variables", param, message: `Invalid '${param}': ${message}` });
}

/** A label moved to a version the template does not have. */
export function promptLabelVersionUnknown(label: string, version: number): GatewayError {
  return new GatewayError({ status: 400, code: "invalid_request", param: `labels.${label}`, message: `Invalid 'labels.${label}': the template has no version ${version}.` });
}

/** A template whose Mustache does not parse (an unclosed section): refused when written, never found at render time. */
export function promptTemplateInvalid(index: number, message: string): GatewayError {
  return new GatewayError({ status: 400, code: "invalid_request", param: `messages[${index}].content`, message: `Invalid 'messages[${index}].content': ${message}` });
}
