import { GatewayError } from "../gateway-error.ts";

/**
 * Chorus keeps no responses, so the fields that point at a stored one or ask
 * for one to be stored are refused, naming the field, before the body is
 * validated: 400 `unsupported_parameter`.
 */
export function refuseStatefulResponsesFields(raw: unknown): void {
  if (typeof raw !== "object" || raw === null) return;
  const body = raw as Record<string, unknown>;
  const param = body.previous_response_id != null ? "previous_response_id" : body.store === true ? "store" : undefined;
  if (!param) return;
  throw new GatewayError({
    status: 400, code: "unsupported_parameter", param,
    message: `'${param}' is not supported: Chorus's /v1/responses is stateless. Send the whole conversation in 'input' (and 'store: false' or no 'store').`,
  });
}
