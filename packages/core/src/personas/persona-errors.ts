import { GatewayError } from "../gateway-error.ts";

/** Unknown, or another user's private persona: the two are answered alike, so existence is never revealed. */
export function personaNotFound(ref: string): GatewayError {
  return new GatewayError({ status: 404, code: "persona_not_found", message: `No persona ${JSON.stringify(ref)} is visible to you.` });
}

/** A system persona, or one a workspace member shares: the caller may read it, not change it. */
export function personaReadOnly(ref: string): GatewayError {
  return new GatewayError({
    status: 403,
    code: "persona_read_only",
    message: `The persona ${JSON.stringify(ref)} is read-only for you: only its owner (an administrator for system personas) may change it.`,
  });
}

export function personaExists(key: string): GatewayError {
  return new GatewayError({ status: 409, code: "persona_exists", param: "key", message: `A persona with the key ${JSON.stringify(key)} already exists.` });
}

/** The key addresses the persona (`user:{key}`); renaming would silently break every ref to it. */
export function personaKeyChanged(key: string): GatewayError {
  return new GatewayError({
    status: 400,
    code: "invalid_request",
    param: "key",
    message: `Invalid 'key': the persona's key is ${JSON.stringify(key)} and cannot be changed; create a new persona and delete this one to rename it.`,
  });
}

/** No workspace claim, no sharing (CONTRACT.md "Personas"). */
export function personaNoWorkspace(): GatewayError {
  return new GatewayError({
    status: 400,
    code: "invalid_request",
    param: "visibility",
    message: "Invalid 'visibility': your credential names no workspace, so there is nobody to share this persona with.",
  });
}

/** System personas are everyone's already; sharing is for user personas. */
export function systemPersonaShared(): GatewayError {
  return new GatewayError({
    status: 400,
    code: "invalid_request",
    param: "visibility",
    message: "Invalid 'visibility': system personas are visible to everyone and are always \"private\" (not shared through a workspace).",
  });
}

/** A merge that would push the persona past its whole-size bound. */
export function personaTooLarge(message: string): GatewayError {
  return new GatewayError({ status: 400, code: "invalid_request", param: null, message: `Invalid request body: ${message}` });
}
