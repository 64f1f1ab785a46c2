import type { SessionInfo } from "@chorus/core";
import type { SessionSettings } from "../durable/session-thread-types.ts";
import type { GatewayEnv } from "../env.ts";

/** The thread object of `userId`'s session `id`: named by both, so an id alone never reaches another user's thread. */
export function sessionThreadOf(env: GatewayEnv, userId: string, id: string) {
  return env.SESSION_THREAD.getByName(JSON.stringify([userId, id]));
}

/** A new session's id. */
export function newSessionId(): string {
  return `ses_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** A new message's id, known before its answer is stored (a streamed answer carries it on every chunk). */
export function newMessageId(): string {
  return `msg_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** What a session's thread object keeps of it (`SessionThread.configure`). */
export function sessionSettings({ persona, participants, model, contextTokens }: SessionInfo): SessionSettings {
  return { persona, participants, model, contextTokens };
}
