import { describe, expect, it } from "vitest";
import { call, type TestUser } from "../gateway-client.ts";
import {
  ADMIN_TOKEN_HEADERS, createPersonaAs, expectError, listAs, newKey, newPersonaUser, newWorkspace, request, type PersonaBody,
} from "./persona-helpers.ts";

interface Cast {
  owner: TestUser;
  sameWorkspace: TestUser;
  otherWorkspace: TestUser;
  noWorkspace: TestUser;
  admin: TestUser;
  /** The owner's private persona and the one they share with their workspace. */
  privatePersona: PersonaBody;
  sharedPersona: PersonaBody;
}

async function cast(): Promise<Cast> {
  const workspace = newWorkspace();
  const owner = newPersonaUser("owner", workspace);
  const privatePersona = await createPersonaAs(owner, { key: newKey("private"), name: "Private one" });
  const sharedPersona = await createPersonaAs(owner, { key: newKey("shared"), name: "Shared one", visibility: "workspace" });
  expect(privatePersona).toMatchObject({ source: "user", visibility: "private" });
  expect(sharedPersona).toMatchObject({ source: "user", visibility: "workspace", ref: `user:${sharedPersona.key}` });
  return {
    owner,
    sameWorkspace: newPersonaUser("colleague", workspace),
    otherWorkspace: newPersonaUser("outsider", newWorkspace()),
    noWorkspace: newPersonaUser("loner"),
    admin: { ...newPersonaUser("admin"), role: "admin" },
    privatePersona,
    sharedPersona,
  };
}

type Actor = "sameWorkspace" | "otherWorkspace" | "noWorkspace" | "admin";

/** Every way someone other than the owner might name the persona. */
function refsOf(persona: PersonaBody): string[] {
  return [`ws:${persona.id}`, `user:${persona.key}`, persona.key];
}

describe("the ownership matrix: owner, same workspace, other workspace, no workspace, admin", () => {
  it("the owner reads, writes and deletes both their private and their shared persona", async () => {
    const { owner, privatePersona, sharedPersona } = await cast();
    for (const persona of [privatePersona, sharedPersona]) {
      expect((await request(owner, "GET", `/v1/personas/user:${persona.key}`)).status).toBe(200);
      expect((await request(owner, "PATCH", `/v1/personas/user:${persona.key}`, { role: "Edited" })).status).toBe(200);
      expect((await request(owner, "PUT", `/v1/personas/user:${persona.key}`, { name: "Replaced", visibility: persona.visibility })).status).toBe(200);
    }
    // The owner may also use the shared ref of their own persona; it still reads as theirs.
    const viaShared = (await (await request(owner, "GET", `/v1/personas/ws:${sharedPersona.id}`)).json()) as PersonaBody;
    expect(viaShared).toMatchObject({ ref: `user:${sharedPersona.key}`, source: "user", name: "Replaced" });
    for (const persona of [privatePersona, sharedPersona]) {
      expect((await request(owner, "DELETE", `/v1/personas/user:${persona.key}`)).status).toBe(204);
    }
    expect((await request(owner, "GET", `/v1/personas/ws:${sharedPersona.id}`)).status).toBe(404);
  });

  it.each<[Actor, "read" | "none"]>([
    ["sameWorkspace", "read"],
    ["otherWorkspace", "none"],
    ["noWorkspace", "none"],
    ["admin", "none"],
  ])("%s: shared persona access is %s; the private one is 404 for every verb, never 403", async (actor, sharedAccess) => {
    const roles = await cast();
    const user = roles[actor];
    const { privatePersona, sharedPersona } = roles;

    for (const ref of refsOf(privatePersona)) {
      await expectError(await request(user, "GET", `/v1/personas/${ref}`), 404, "persona_not_found");
      await expectError(await request(user, "GET", `/v1/personas/${ref}/export`), 404, "persona_not_found");
      await expectError(await request(user, "PATCH", `/v1/personas/${ref}`, { name: "Hijacked" }), 404, "persona_not_found");
      await expectError(await request(user, "PUT", `/v1/personas/${ref}`, { name: "Hijacked" }), 404, "persona_not_found");
      await expectError(await request(user, "DELETE", `/v1/personas/${ref}`), 404, "persona_not_found");
    }

    const sharedRef = `ws:${sharedPersona.id}`;
    if (sharedAccess === "read") {
      const read = await request(user, "GET", `/v1/personas/${sharedRef}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ ref: sharedRef, source: "workspace", key: sharedPersona.key, name: "Shared one" });
      expect((await request(user, "GET", `/v1/personas/${sharedRef}/export`)).status).toBe(200);
      await expectError(await request(user, "PATCH", `/v1/personas/${sharedRef}`, { name: "Hijacked" }), 403, "persona_read_only");
      await expectError(await request(user, "PUT", `/v1/personas/${sharedRef}`, { name: "Hijacked" }), 403, "persona_read_only");
      await expectError(await request(user, "DELETE", `/v1/personas/${sharedRef}`), 403, "persona_read_only");
    } else {
      await expectError(await request(user, "GET", `/v1/personas/${sharedRef}`), 404, "persona_not_found");
      await expectError(await request(user, "PATCH", `/v1/personas/${sharedRef}`, { name: "Hijacked" }), 404, "persona_not_found");
      await expectError(await request(user, "DELETE", `/v1/personas/${sharedRef}`), 404, "persona_not_found");
    }
    // Naming the owner's key as one's own finds nothing of the owner's.
    await expectError(await request(user, "GET", `/v1/personas/user:${sharedPersona.key}`), 404, "persona_not_found");

    const listed = (await listAs(user)).map((persona) => persona.id);
    expect(listed).not.toContain(privatePersona.id);
    expect(listed.includes(sharedPersona.id)).toBe(sharedAccess === "read");

    // Nothing above changed either persona.
    const owners = await listAs(roles.owner);
    expect(owners.find((persona) => persona.id === privatePersona.id)?.name).toBe("Private one");
    expect(owners.find((persona) => persona.id === sharedPersona.id)?.name).toBe("Shared one");
  });

  it("unsharing hides the persona from the workspace at once; sharing again shows it", async () => {
    const { owner, sameWorkspace, sharedPersona } = await cast();
    const ref = `ws:${sharedPersona.id}`;
    expect((await request(owner, "PATCH", `/v1/personas/user:${sharedPersona.key}`, { visibility: "private" })).status).toBe(200);
    await expectError(await request(sameWorkspace, "GET", `/v1/personas/${ref}`), 404, "persona_not_found");
    // PUT replaces: leaving visibility out means private, so a PUT by the owner unshares too.
    expect((await request(owner, "PATCH", `/v1/personas/user:${sharedPersona.key}`, { visibility: "workspace" })).status).toBe(200);
    expect((await request(sameWorkspace, "GET", `/v1/personas/${ref}`)).status).toBe(200);
    expect((await request(owner, "PUT", `/v1/personas/user:${sharedPersona.key}`, { name: "Shared one" })).status).toBe(200);
    await expectError(await request(sameWorkspace, "GET", `/v1/personas/${ref}`), 404, "persona_not_found");
  });

  it("no workspace claim, no sharing: sharing is refused naming visibility", async () => {
    const loner = newPersonaUser("loner");
    await expectError(await request(loner, "POST", "/v1/personas", { key: newKey(), name: "X", visibility: "workspace" }), 400, "invalid_request", "visibility");
    const key = newKey();
    await createPersonaAs(loner, { key });
    await expectError(await request(loner, "PATCH", `/v1/personas/user:${key}`, { visibility: "workspace" }), 400, "invalid_request", "visibility");
  });

  it("a shared persona follows the workspace named when it was shared, not the owner's later tokens", async () => {
    const { owner, sameWorkspace, sharedPersona } = await cast();
    const moved = { ...owner, workspace: newWorkspace("moved") };
    // The owner, now in another workspace, still owns it by key, and it stays visible where it was shared.
    expect((await request(moved, "PATCH", `/v1/personas/user:${sharedPersona.key}`, { role: "Still mine" })).status).toBe(200);
    expect((await request(sameWorkspace, "GET", `/v1/personas/ws:${sharedPersona.id}`)).status).toBe(200);
    // Sharing again from the new workspace moves it there.
    expect((await request(moved, "PATCH", `/v1/personas/user:${sharedPersona.key}`, { visibility: "workspace" })).status).toBe(200);
    await expectError(await request(sameWorkspace, "GET", `/v1/personas/ws:${sharedPersona.id}`), 404, "persona_not_found");
    expect((await request(newPersonaUser("new-colleague", moved.workspace), "GET", `/v1/personas/ws:${sharedPersona.id}`)).status).toBe(200);
  });

  it("an API key acts as its user with no workspace: own personas yes, shared ones no", async () => {
    const { owner, privatePersona } = await cast();
    const colleague = newPersonaUser("colleague", owner.workspace);
    const theirs = await createPersonaAs(colleague, { key: newKey(), visibility: "workspace" });
    const created = await call("/admin/api-keys", { userId: owner.sub, name: "server" }, { headers: ADMIN_TOKEN_HEADERS, user: null });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    const headers = { authorization: `Bearer ${key}` };
    expect((await call(`/v1/personas/user:${privatePersona.key}`, undefined, { headers, user: null })).status).toBe(200);
    await expectError(await call(`/v1/personas/ws:${theirs.id}`, undefined, { headers, user: null }), 404, "persona_not_found");
  });

  it("the admin token is no user: it has no personas of its own", async () => {
    const res = await call("/v1/personas", undefined, { headers: ADMIN_TOKEN_HEADERS, user: null });
    // ADMIN_TOKEN is accepted on /admin/* only; elsewhere it is an unknown bearer token.
    await expectError(res, 401, "invalid_token");
  });
});
