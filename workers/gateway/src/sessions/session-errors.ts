import { GatewayError } from "@chorus/core";

/** No session of the caller's by that id; another user's reads the same (existence is not revealed). */
export function sessionNotFound(id: string): GatewayError {
  return new GatewayError({ status: 404, code: "session_not_found", message: `No session "${id}" of yours; GET /v1/sessions lists them.` });
}

export function personaNotInSession(ref: string, param: string): GatewayError {
  return new GatewayError({
    status: 400, code: "persona_not_in_session", param,
    message: `Persona "${ref}" is not a participant of this session; add it to 'participants' (PATCH /v1/sessions/{id}) first.`,
  });
}

export function speakerNotFound(ref: string, param: string): GatewayError {
  return new GatewayError({ status: 404, code: "persona_not_found", param, message: `No persona "${ref}" that you can use; GET /v1/personas lists them.` });
}

/** Another post to the session is still taking its turns. */
export function sessionBusy(retryAfterMs: number): GatewayError {
  return new GatewayError({
    status: 409, code: "session_busy", retryAfterSeconds: retryAfterMs / 1000,
    message: "Another message to this session is still being answered; retry once it has finished.",
  });
}

/** The request held the session's turn lock too long without a word (its lease ran out) and another post took it. */
export function turnLost(): GatewayError {
  return new GatewayError({
    status: 409, code: "session_busy",
    message: "This message's turn in the session ran out before its answer could be stored; post it again.",
  });
}
