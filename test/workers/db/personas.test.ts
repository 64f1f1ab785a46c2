import { describe, expect, it } from "vitest";
import { personaInputSchema } from "../../../packages/core/src/index.ts";
import { createPersona, findPersona, listPersonas } from "../../../packages/db/src/index.ts";
import { newUser, testDb } from "./db-fixtures.ts";

const input = (key: string, fields: Record<string, unknown> = {}) => personaInputSchema.parse({ key, name: key, ...fields });

describe("findPersona(db, viewer, ref): what the chat path reads", () => {
  it("finds system personas by key, the viewer's own by user:, shared ones by ws: within the viewer's workspace", async () => {
    const db = testDb();
    const workspace = `ws-${crypto.randomUUID()}`;
    const owner = { userId: newUser("owner"), workspace };
    const mine = await createPersona(db, owner, input("mine"));
    const shared = await createPersona(db, owner, input("shared", { visibility: "workspace" }));

    expect(await findPersona(db, owner, "writer")).toMatchObject({ ref: "writer", source: "system", key: "writer" });
    expect(await findPersona(db, owner, "user:mine")).toEqual(mine);
    expect(await findPersona(db, { userId: newUser("colleague"), workspace }, `ws:${shared.id}`))
      .toMatchObject({ ref: `ws:${shared.id}`, source: "workspace", key: "shared" });

    // Absent for everything the viewer may not see, and for refs that cannot exist: the caller answers 404.
    expect(await findPersona(db, { userId: newUser("colleague"), workspace }, `ws:${mine.id}`)).toBeUndefined();
    expect(await findPersona(db, { userId: newUser("outsider"), workspace: "elsewhere" }, `ws:${shared.id}`)).toBeUndefined();
    expect(await findPersona(db, { userId: newUser("loner") }, `ws:${shared.id}`)).toBeUndefined();
    expect(await findPersona(db, { userId: newUser("other") }, "user:mine")).toBeUndefined();
    for (const ref of ["", "no-such-persona", "user:", "ws:", "WRITER", "user:Mine"]) expect(await findPersona(db, owner, ref), ref).toBeUndefined();
  });

  it("two concurrent creates of one key: exactly one wins, the other is 409", async () => {
    const db = testDb();
    const viewer = { userId: newUser("racer") };
    const results = await Promise.allSettled([createPersona(db, viewer, input("same")), createPersona(db, viewer, input("same"))]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ status: 409, code: "persona_exists" });
    expect((await listPersonas(db, viewer)).filter((persona) => persona.source === "user")).toHaveLength(1);
  });
});
