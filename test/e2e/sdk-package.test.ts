import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunk, sendJson, startFakeGateway, writeInPieces, type FakeGateway } from "../../packages/sdk/test/start-fake-gateway.ts";

// The SDK as npm would publish it: built, packed with `npm pack`, unpacked into an app's node_modules
// beside its one runtime dependency and nothing else of the workspace, then imported by plain Node and type-checked.
const sdkDir = join(import.meta.dirname, "..", "..", "packages", "sdk");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
let app: string;
let packed: string[];
let gateway: FakeGateway;

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), "chorus-sdk-app-"));
  execFileSync(process.execPath, [tsc, "-p", join(sdkDir, "tsconfig.build.json")]);
  // --ignore-scripts: the build above is the prepack script's; its banner would otherwise precede the JSON.
  const [pack] = JSON.parse(execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", app], { cwd: sdkDir, encoding: "utf8" })) as
    [{ filename: string; files: { path: string }[] }];
  packed = pack.files.map((file) => file.path);
  const installed = join(app, "node_modules", "@chorus", "sdk");
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", join(app, pack.filename), "-C", installed, "--strip-components=1"]);
  symlinkSync(realpathSync(join(sdkDir, "node_modules", "eventsource-parser")), join(app, "node_modules", "eventsource-parser"), "dir");

  gateway = await startFakeGateway((request, res) => {
    if (request.path === "/v1/me") return sendJson(res, 401, { error: { message: "Sign in first", type: "authentication_error", code: "auth_required", param: null } });
    const stream = (request.body as { stream?: boolean }).stream;
    if (stream) return writeInPieces(res, [chunk("Hel"), chunk("lo"), chunk(undefined, "stop")].map((c) => `data: ${JSON.stringify(c)}\n\n`).join("") + "data: [DONE]\n\n", [5]);
    sendJson(res, 200, { id: "c1", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "Hi!" }, finish_reason: "stop", logprobs: null }] }, { "x-chorus-provider": "demo" });
  });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

describe("the packed @chorus/sdk", () => {
  it("holds the built JavaScript, its types and the docs, and no sources or tests", () => {
    expect(packed).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts", "dist/parse-sse.js"]));
    expect(packed.filter((path) => !/^(package\.json|README\.md|LICENSE|dist\/[a-z-]+\.(js|d\.ts))$/.test(path))).toEqual([]);
  });

  it("depends at run time on nothing of the workspace", () => {
    const manifest = JSON.parse(readFileSync(join(app, "node_modules", "@chorus", "sdk", "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).toEqual(["eventsource-parser"]);
  });

  it("runs in plain Node from an app's node_modules: chat, a stream as an async iterator, a typed error", async () => {
    writeFileSync(join(app, "main.mjs"), `
      import { ChorusError, createChorusClient } from "@chorus/sdk";
      const chorus = createChorusClient({ baseURL: process.argv[2], token: "ck_test" });
      const { completion, meta } = await chorus.chat({ messages: [{ role: "user", content: "hi" }] });
      let streamed = "";
      for await (const part of chorus.stream({ messages: [{ role: "user", content: "hi" }] })) streamed += part.choices[0]?.delta.content ?? "";
      const error = await chorus.me().catch((failure) => failure);
      console.log(JSON.stringify({ answer: completion.choices[0].message.content, provider: meta.provider, streamed,
        error: { isChorusError: error instanceof ChorusError, status: error.status, code: error.code, type: error.type } }));
    `);

    // Not execFileSync: the fake gateway answers from this process's event loop.
    const { stdout } = await promisify(execFile)(process.execPath, ["main.mjs", gateway.url], { cwd: app, encoding: "utf8" });

    expect(JSON.parse(stdout)).toEqual({
      answer: "Hi!", provider: "demo", streamed: "Hello",
      error: { isChorusError: true, status: 401, code: "auth_required", type: "authentication_error" },
    });
  });

  it("type-checks an app that uses its types, resolved through the package's exports", () => {
    writeFileSync(join(app, "app.ts"), `
      import { createChorusClient, type ChorusMe, type ChorusSettings, type Persona } from "@chorus/sdk";
      const chorus = createChorusClient({ baseURL: "https://chorus.example.com" });
      export const me: Promise<ChorusMe> = chorus.me();
      export const settings: Promise<ChorusSettings> = chorus.settings.update({ usagePeriod: "daily" });
      export const personas: Promise<Persona[]> = chorus.personas.list();
      // @ts-expect-error a usage period the gateway does not know
      chorus.settings.update({ usagePeriod: "weekly" });
    `);
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({
      compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2023", "dom"], types: [], strict: true, noEmit: true, skipLibCheck: false },
      files: ["app.ts"],
    }));

    expect(() => execFileSync(process.execPath, [tsc, "-p", app], { encoding: "utf8" })).not.toThrow();
  });
});
