import { GatewayError } from "../gateway-error.ts";

function itemReferenceAt(input: unknown): number {
  return Array.isArray(input) ? input.findIndex((item) => (item as { type?: unknown } | null)?.type === "item_reference") : -1;
}

/**
 * Chorus keeps no responses, so what points at a stored one (a
 * `previous_response_id`, an `item_reference` input item) or asks for one to
 * be stored is refused, naming the field, before the body is validated:
 * 400 `unsupported_parameter`.
 */
export function refuseStatefulResponsesFields(raw: unknown): void {
  if (typeof raw !== "object" || raw === null) return;
  const body = raw as Record<string, unknown>;
  const reference = itemReferenceAt(body.input);
  const param = body.previous_response_id != null ? "previous_response_id"
    : body.store === true ? "store"
    : reference >= 0 ? `input[${reference}]` : undefined;
  if (!param) return;
  throw new GatewayError({
    status: 400, code: "unsupported_parameter", param,
    message: `'${param}' is not supported: Chorus's /v1/responses is stateless and stores nothing to refer to. Send the whole conversation's items in 'input', with 'store' false or absent.`,
  });
}
