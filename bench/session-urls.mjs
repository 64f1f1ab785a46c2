// Where a "session message" party posts: `/v1/sessions/{id}/messages` of a
// session it creates itself (untimed, before the message that follows), a
// fresh one every MESSAGES_PER_SESSION messages. A thread grows by two lines
// a message: renewed this often it stays at most 40 lines of a dozen tokens,
// far under the 8,000-token context budget, so no message is trimmed and
// every one costs what a message in a short conversation costs.
import { post } from "./http-client.mjs";

export const MESSAGES_PER_SESSION = 20;

/** `next(agent)` resolves with the URL of the next message, creating a session (`POST /v1/sessions`) when one is due. */
export function sessionUrls(base, headers, model) {
  let url;
  let sent = 0;
  return async (agent) => {
    if (sent++ % MESSAGES_PER_SESSION === 0) {
      const { status, body } = await post(agent, new URL("/v1/sessions", base), JSON.stringify({ model }), headers());
      if (status !== 201) throw new Error(`creating a session: HTTP ${status}: ${body.slice(0, 200)}`);
      url = new URL(`/v1/sessions/${JSON.parse(body).id}/messages`, base);
    }
    return url;
  };
}
