import { DEFAULT_SETTINGS } from "@chorus/db";
import { describe, expect, it } from "vitest";
import { call, chat, type TestUser } from "../gateway-client.ts";
import { errorOf, quotaOf, quotaProfiles, verifiedUser } from "./quota-helpers.ts";

function put(user: TestUser, body: unknown, env: Record<string, string> = {}): Promise<Response> {
  return call("/v1/settings", body, { user, method: "PUT", env });
}

async function settingsOf(user: TestUser): Promise<Record<string, unknown>> {
  return (await (await call("/v1/settings", undefined, { user })).json()) as Record<string, unknown>;
}

type ModelList = { data: { id: string; favorite?: true }[] };

describe("GET and PUT /v1/settings", () => {
  it("starts from the defaults and merges only the fields given", async () => {
    const user = verifiedUser();
    expect(await settingsOf(user)).toEqual(DEFAULT_SETTINGS);
    expect(await (await put(user, { usageLimit: 10, favoriteModels: ["fast"] })).json()).toEqual({ ...DEFAULT_SETTINGS, usageLimit: 10, favoriteModels: ["fast"] });
    await put(user, { usagePeriod: "daily" });
    expect(await settingsOf(user)).toEqual({ ...DEFAULT_SETTINGS, usageLimit: 10, favoriteModels: ["fast"], usagePeriod: "daily" });
    await put(user, { usageLimit: null, preferredModel: "openai/gpt-5.4" });
    expect(await settingsOf(user)).toMatchObject({ usageLimit: null, preferredModel: "openai/gpt-5.4", usagePeriod: "daily" });
    expect((await quotaOf(user).state()).settings).toEqual(await settingsOf(user));
  });

  it("refuses bad values with a 400 naming the field, and changes nothing", async () => {
    const user = verifiedUser();
    const cases: [unknown, string][] = [
      [{ preferredModel: "no-such-profile" }, "preferredModel"],
      [{ preferredModel: "nope/model" }, "preferredModel"],
      [{ usageLimit: 0 }, "usageLimit"],
      [{ usageLimit: 2.5 }, "usageLimit"],
      [{ usagePeriod: "weekly" }, "usagePeriod"],
      [{ favoriteModels: "fast" }, "favoriteModels"],
      [{ favoriteModels: ["fast", 3] }, "favoriteModels[1]"],
      [{ aiEnabled: "no" }, "aiEnabled"],
    ];
    for (const [body, param] of cases) {
      const res = await put(user, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = await errorOf(res);
      expect(error.param, JSON.stringify(body)).toBe(param);
      expect(error.message).toContain(param);
    }
    const misspelt = await put(user, { usagelimit: 5 });
    expect(misspelt.status).toBe(400);
    expect((await errorOf(misspelt)).message).toContain("usagelimit");
    expect(await settingsOf(user)).toEqual(DEFAULT_SETTINGS);
  });

  it("preferredModel decides the profile when a request names no model; an explicit model still wins", async () => {
    const user = verifiedUser();
    const env = quotaProfiles();
    expect((await put(user, { preferredModel: "fast" }, env)).status).toBe(200);
    const preferred = await chat({}, { user, env });
    expect(preferred.headers.get("x-chorus-profile")).toBe("fast");
    expect(preferred.headers.get("x-chorus-route")).toBe("preference:fast");
    expect((await chat({ model: "compat" }, { user, env })).headers.get("x-chorus-profile")).toBe("compat");
    await put(user, { preferredModel: null });
    expect((await chat({}, { user, env })).headers.get("x-chorus-profile")).toBe("compat");
  });

  it("lists favourites first in /v1/models, marked, in the user's order; unknown ones are left out", async () => {
    const user = verifiedUser();
    const env = quotaProfiles();
    const plain = ((await (await call("/v1/models", undefined, { user, env })).json()) as ModelList).data;
    expect(plain.some((model) => model.favorite)).toBe(false);
    await put(user, { favoriteModels: ["openai/gpt-5.4-mini", "fast", "gone-profile"] });
    const listed = ((await (await call("/v1/models", undefined, { user, env })).json()) as ModelList).data;
    expect(listed.slice(0, 2)).toEqual([
      { id: "openai/gpt-5.4-mini", object: "model", created: 0, owned_by: "openai", favorite: true },
      { id: "fast", object: "model", created: 0, owned_by: "chorus", favorite: true },
    ]);
    expect(listed.filter((model) => model.id === "fast")).toHaveLength(1);
    expect(listed.map((model) => model.id)).not.toContain("gone-profile");
    expect(listed.map((model) => model.id).sort()).toEqual(plain.map((model) => model.id).sort());
  });
});
