import {
  createSessionSchema, patchSessionSchema, postSessionMessageSchema, SESSION_LIMITS, systemClock,
  type ChatRequest, type SessionInfo,
} from "@chorus/core";
import { createDb, createSession, deleteSession, findSession, listSessions, updateSession } from "@chorus/db";
import { Hono, type Context } from "hono";
import { actingUserId } from "../auth/acting-user-id.ts";
import type { GatewayEnv } from "../env.ts";
import { readJson, readJsonBody, validateBody } from "../http/read-json-body.ts";
import { afterResponse, warnLater } from "../request/after-response.ts";
import { buildScope, type UserStateSource } from "../request/open-scope.ts";
import type { PersonaSource } from "../request/persona-source.ts";
import { readRequestHints } from "../request/request-hints.ts";
import type { Stage } from "../request/stage.ts";
import { answerTurnsJson } from "../sessions/answer-turns-json.ts";
import { answerTurnsStream } from "../sessions/answer-turns-stream.ts";
import { sessionNotFound } from "../sessions/session-errors.ts";
import { sessionMessage } from "../sessions/session-message.ts";
import { checkParticipants, defaultSpeaker, findSpeakers, type NamedRef } from "../sessions/session-speakers.ts";
import { newMessageId, newSessionId, sessionSettings, sessionThreadOf } from "../sessions/session-thread-of.ts";
import type { Conversation } from "../sessions/session-turn.ts";
import { TurnHold } from "../sessions/turn-hold.ts";

type Env = { Bindings: GatewayEnv };

export interface SessionsParts {
  personas: PersonaSource;
  userState: UserStateSource;
  /** The chat stages each turn runs through (`AppParts.session`). */
  stages: readonly Stage<ChatRequest>[];
}

/** The personas a session's fields name, each with its field, for the checks. */
function namedBy(fields: { persona?: string | undefined; participants?: readonly string[] | null | undefined }): NamedRef[] {
  const named: NamedRef[] = fields.persona === undefined ? [] : [{ ref: fields.persona, param: "persona" }];
  for (const [index, ref] of (fields.participants ?? []).entries()) named.push({ ref, param: `participants[${index}]` });
  return named;
}

async function ownSession(c: Context<Env>, userId: string): Promise<SessionInfo> {
  const id = c.req.param("id") ?? "";
  const session = await findSession(createDb(c.env.DB), userId, id);
  if (!session) throw sessionNotFound(id);
  return session;
}

/**
 * `/v1/sessions` (CONTRACT.md "Sessions"): the caller's theatre-mode
 * threads. D1 lists them and holds their settings, always scoped by the
 * caller (another user's session is 404 `session_not_found`); each thread
 * lives in its `SessionThread` object, which takes one post's turns at a
 * time. A posted message's turns each run through the chat request path.
 */
export function sessionsRoute(parts: SessionsParts) {
  const checkVisible = (c: Context<Env>, named: readonly NamedRef[]) => findSpeakers(parts.personas, c.env, c.get("principal"), named);

  return new Hono<Env>()
    .get("/", async (c) => c.json({ data: await listSessions(createDb(c.env.DB), actingUserId(c)) }))

    .post("/", async (c) => {
      const userId = actingUserId(c);
      const body = await readJsonBody(c, createSessionSchema);
      const participants = body.participants ?? null;
      const persona = body.persona ?? defaultSpeaker(participants);
      const named = namedBy({ persona, participants });
      checkParticipants(named, participants);
      await checkVisible(c, named);
      const session = await createSession(createDb(c.env.DB), userId, {
        id: newSessionId(), title: body.title ?? null, persona, participants, model: body.model ?? null,
        contextTokens: body.contextTokens ?? SESSION_LIMITS.defaultContextTokens,
      });
      await sessionThreadOf(c.env, userId, session.id).configure({ userId, sessionId: session.id }, sessionSettings(session));
      return c.json(session, 201);
    })

    .get("/:id", async (c) => {
      const userId = actingUserId(c);
      const session = await ownSession(c, userId);
      const lines = await sessionThreadOf(c.env, userId, session.id).messages();
      return c.json({ ...session, messages: lines.map(sessionMessage) });
    })

    .patch("/:id", async (c) => {
      const userId = actingUserId(c);
      const change = await readJsonBody(c, patchSessionSchema);
      const session = await ownSession(c, userId);
      const participants = change.participants === undefined ? session.participants : change.participants;
      const persona = change.persona ?? session.persona;
      checkParticipants([{ ref: persona, param: "persona" }], participants);
      await checkVisible(c, namedBy(change));
      const updated = await updateSession(createDb(c.env.DB), userId, session.id, change);
      if (!updated) throw sessionNotFound(session.id);
      await sessionThreadOf(c.env, userId, session.id).configure({ userId, sessionId: session.id }, sessionSettings(updated));
      return c.json(updated);
    })

    .delete("/:id", async (c) => {
      const userId = actingUserId(c);
      const id = c.req.param("id");
      if (!(await deleteSession(createDb(c.env.DB), userId, id))) throw sessionNotFound(id);
      await sessionThreadOf(c.env, userId, id).destroy();
      return c.body(null, 204);
    })

    .post("/:id/messages", async (c) => {
      const userId = actingUserId(c);
      const raw = await readJson(c);
      const body = validateBody(postSessionMessageSchema, raw);
      const id = c.req.param("id");
      // The thread object holds the settings a post needs: D1 is read only for a session it does not know yet.
      const hold = await TurnHold.take(sessionThreadOf(c.env, userId, id), { userId, sessionId: id }, async () => {
        const session = await findSession(createDb(c.env.DB), userId, id);
        return session && sessionSettings(session);
      }, systemClock);
      if (!hold) throw sessionNotFound(id);
      const settings = hold.settings;
      // The object writes the session row's `updated_at` itself, a little later (TOUCH_DELAY_MS).
      const release = () => hold.release();
      try {
        const named: NamedRef[] = body.turns
          ? body.turns.map((ref, index) => ({ ref, param: `turns[${index}]` }))
          : [{ ref: body.persona ?? settings.persona, param: "persona" }];
        checkParticipants(named, settings.participants);
        const principal = c.get("principal");
        const [speakers, user] = await Promise.all([checkVisible(c, named), parts.userState(c.env, principal)]);
        const hints = readRequestHints(c.req.raw.headers);
        const asked = hold.add({ id: newMessageId(), role: "user", persona: null, personaName: null, content: body.content, provider: null, model: null });
        const conversation: Conversation = {
          hold, asked, stages: parts.stages, contextTokens: settings.contextTokens, stream: body.stream === true,
          model: body.model ?? settings.model ?? undefined,
          scopeFor: (turnBody, persona) => buildScope(c, { purpose: "chat", raw, body: turnBody, hints, user, persona }),
        };
        if (conversation.stream) {
          // The hold outlives this handler: released (the last answer stored) when the stream ends, after the response.
          return await answerTurnsStream(conversation, speakers, () => afterResponse(c.executionCtx, c.get("requestId"), "session release failed", release()));
        }
        const answer = await answerTurnsJson(conversation, speakers);
        await release();
        return answer;
      } catch (error) {
        // The turns before a failed one (and the user's message) are stored, and the session is free again.
        await release().catch((cause: unknown) => warnLater(c.get("requestId"), "session release failed", cause));
        throw error;
      }
    });
}
