import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { captureConsole } from "../capture-console.ts";
import { call, chat, readSse, settle, tokenFor } from "../gateway-client.ts";
import { ADMIN_TOKEN, asAdmin, AUTH_JWT_SECRET, KEY_ENCRYPTION_KEY, newUser, PLATFORM_KEYS, providerKey, putKey } from "../accounts/accounts-helpers.ts";

const captured = captureConsole();

/** Everything a client could see of a response: status line, every header, the whole body. */
async function seen(res: Response): Promise<string> {
  return `${res.status}\n${[...res.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n${await res.text()}`;
}

describe("no key appears in any response or log line across a full own-key flow", () => {
  it("store, list, test, chat with it, usage, admin, errors and misconfiguration", async () => {
    const user = newUser("leak");
    const other = newUser("leak-other");
    const openaiKey = providerKey("sk-proj");
    const anthropicKey = providerKey("sk-ant-api03");
    const unreadable = { KEY_ENCRYPTION_KEY: btoa(String.fromCharCode(...new Uint8Array(32).fill(7))) };
    const outputs: string[] = [];
    const keep = async (res: Promise<Response>) => outputs.push(await seen(await res));

    await keep(putKey(user, "openai", openaiKey));
    await keep(putKey(user, "anthropic", anthropicKey));
    await keep(call("/v1/settings/keys/openai", { apiKey: `${openaiKey} with spaces` }, { user, method: "PUT" }));
    await keep(call("/v1/settings/keys", undefined, { user }));
    await keep(call("/v1/settings/keys/openai/test", undefined, { user, method: "POST" }));
    await keep(call("/v1/settings/keys/openai/test", { model: "gpt-5.4-mini~status=401" }, { user, method: "POST" }));
    await keep(call("/v1/settings/keys/anthropic/test", { model: "claude-haiku-5~status=403" }, { user, method: "POST" }));
    await keep(chat({ model: "openai/gpt-5.4-mini" }, { user }));
    outputs.push(JSON.stringify(await readSse(await chat({ model: "anthropic/claude-haiku-5", stream: true }, { user }))));
    await keep(chat({ model: "openai/gpt-5.4-mini~status=500" }, { user, env: { RETRY_ATTEMPTS: "1" } }));
    // A refused key is dropped from the isolate's cache, so the next request reads the row again.
    await keep(chat({ model: "openai/gpt-5.4-mini~status=401" }, { user }));
    await keep(chat({ model: "anthropic/claude-haiku-5~status=401", stream: true }, { user }));
    await keep(chat({ model: "openai/gpt-5.4-mini~status=401" }, { user: other }));
    // The row sealed with another key: decryption fails and is logged for the operator.
    await keep(chat({ model: "openai/gpt-5.4-mini", messages: [{ role: "user", content: "unreadable" }] }, { user, env: unreadable }));
    await keep(call("/v1/settings/keys/openai/test", undefined, { user, method: "POST", env: { KEY_ENCRYPTION_KEY: "" } }));
    await keep(putKey(user, "google", providerKey("AIza"), { env: { KEY_ENCRYPTION_KEY: "not base64!" } }));
    await settle();
    await keep(call("/v1/usage", undefined, { user }));

    const created = await asAdmin("/admin/api-keys", { userId: user.sub, name: "server" });
    const apiKey = ((await created.json()) as { key: string }).key;
    await keep(call("/v1/usage", undefined, { user: null, headers: { authorization: `Bearer ${apiKey}` } }));
    await keep(chat({ model: "openai/gpt-5.4-mini" }, { user: null, headers: { authorization: `Bearer ${apiKey}` } }));
    await keep(asAdmin("/admin/api-keys"));
    await keep(asAdmin("/admin/usage"));
    await keep(asAdmin("/admin/usage?format=csv"));
    await keep(asAdmin("/admin/keys/rotate", {}));
    await keep(call("/v1/settings/keys", undefined, { user: null, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
    await settle();

    // The capture works: the unreadable row and the missing secret were logged.
    expect(captured.join("\n")).toMatch(/failed its integrity check/);
    expect(captured.join("\n")).toMatch(/KEY_ENCRYPTION_KEY/);

    const secrets = {
      openaiKey, anthropicKey, apiKey, ADMIN_TOKEN, KEY_ENCRYPTION_KEY, AUTH_JWT_SECRET, ...PLATFORM_KEYS,
      unreadableKey: unreadable.KEY_ENCRYPTION_KEY, userJwt: await tokenFor(user),
    };
    const everything = [...outputs, ...captured];
    expect(everything.length).toBeGreaterThan(20);
    for (const [name, secret] of Object.entries(secrets)) {
      // The whole secret, and any long piece of it: a truncated key in a message is still a leak.
      const pieces = [secret, secret.slice(0, 16), secret.slice(-16)];
      for (const text of everything) for (const piece of pieces) expect(text.includes(piece), `${name} in: ${text.slice(0, 300)}`).toBe(false);
    }
  });

  it("the D1 row holds no plaintext: only ciphertext, IV, version and the last 4 characters", async () => {
    const user = newUser("at-rest");
    const apiKey = providerKey("sk-proj");
    await putKey(user, "openai", apiKey);
    const row = await env.DB.prepare("select * from own_provider_keys where user_id = ?").bind(user.sub).first<Record<string, unknown>>();
    expect(row).not.toBeNull();
    expect(Object.keys(row!).sort()).toEqual(["ciphertext", "created_at", "iv", "key_version", "last4", "provider", "user_id"]);
    expect(row!.last4).toBe(apiKey.slice(-4));
    const hexRow = await env.DB.prepare("select hex(ciphertext) || hex(iv) || hex(last4) as bytes from own_provider_keys where user_id = ?").bind(user.sub).first<{ bytes: string }>();
    const everyColumn = `${JSON.stringify(row)}${hexRow!.bytes}`;
    const hex = (text: string) => Array.from(new TextEncoder().encode(text), (byte) => byte.toString(16).padStart(2, "0")).join("").toUpperCase();
    for (const piece of [apiKey, apiKey.slice(0, 12), apiKey.slice(-12, -4)]) {
      expect(everyColumn).not.toContain(piece);
      expect(everyColumn).not.toContain(hex(piece));
      expect(everyColumn).not.toContain(btoa(piece).slice(0, 12));
    }
    // A fresh IV per write: storing the same key again gives other bytes.
    await putKey(user, "openai", apiKey);
    const again = await env.DB.prepare("select ciphertext, iv from own_provider_keys where user_id = ?").bind(user.sub).first();
    expect(again).not.toEqual({ ciphertext: row!.ciphertext, iv: row!.iv });
  });
});
