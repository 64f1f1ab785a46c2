import { createHash } from "node:crypto";
import { mkdtemp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { runCli } from "../../packages/build/src/cli.ts";
import type { AllFakes } from "../fakes/start-all-fakes.ts";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The shipped summarize template, so tasks here render a real template from prompts/. */
const SUMMARIZE = JSON.parse(await readFile(new URL("../../config/prompts/summarize.json", import.meta.url), "utf8")) as unknown;

let sequence = 0;

/**
 * A config dir, store and out dir of its own, with profiles whose models
 * carry a tag unique to this rig: requests at the shared fakes are counted
 * per rig, so tests run side by side.
 */
export class BuildRig {
  readonly tag = `rig${++sequence}x${process.pid}`;
  readonly dir: string;
  readonly configDir: string;
  env: Record<string, string>;
  readonly #fakes: AllFakes;

  private constructor(dir: string, fakes: AllFakes & { env: Record<string, string> }) {
    this.dir = dir;
    this.configDir = join(dir, "config");
    this.#fakes = fakes;
    this.env = { ...fakes.env, RETRY_BASE_DELAY_MS: "1", RETRY_MAX_DELAY_MS: "5" };
  }

  static async create(fakes: AllFakes & { env: Record<string, string> }): Promise<BuildRig> {
    const rig = new BuildRig(await mkdtemp(join(tmpdir(), "chorus-build-")), fakes);
    await mkdir(join(rig.configDir, "prompts"), { recursive: true });
    await mkdir(join(rig.configDir, "fallbacks"), { recursive: true });
    await writeFile(join(rig.configDir, "prompts", "summarize.json"), JSON.stringify(SUMMARIZE));
    return rig;
  }

  /** A model id at the fakes that is this rig's own; `directives` steer the fake (test/fakes/scenario.ts). */
  model(base: string, directives = ""): string {
    return `${base}${directives}~id=${this.tag}`;
  }

  async writeProfiles(profiles: Record<string, { provider: string; model: string }[]>): Promise<void> {
    const config = { defaultProfile: Object.keys(profiles)[0], profiles: Object.fromEntries(Object.entries(profiles).map(([name, candidates]) => [name, { candidates }])) };
    await writeFile(join(this.configDir, "llm-profiles.json"), JSON.stringify(config, null, 2));
  }

  /** JSON is YAML too: tests write the map as an object. */
  async writeMap(map: unknown): Promise<void> {
    await writeFile(join(this.configDir, "content-map.yaml"), typeof map === "string" ? map : JSON.stringify(map, null, 2));
  }

  async writeFallback(name: string, text: string): Promise<void> {
    await writeFile(join(this.configDir, "fallbacks", name), text);
  }

  /** `chorus-build <args>` with the store and out dir of this rig (relative paths, from the rig's dir). */
  async run(args: string[], env: Record<string, string> = this.env): Promise<RunResult> {
    let stdout = "";
    let stderr = "";
    const withPaths = ["pending", "approve", "audit"].includes(args[0]!) ? [...args, "--store", "store/prompts.db"]
      : [...args, "--store", "store/prompts.db", "--out", "out"];
    const code = await runCli(withPaths, {
      env, cwd: this.dir,
      stdout: (text) => { stdout += text; },
      stderr: (text) => { stderr += text; },
    });
    return { code, stdout, stderr };
  }

  /** Requests that reached any fake for this rig's models. */
  calls(): number {
    const all = [...this.#fakes.openai.requests, ...this.#fakes.anthropic.requests, ...this.#fakes.google.requests];
    return all.filter((request) => JSON.stringify([request.path, request.body]).includes(this.tag)).length;
  }

  get storePath(): string {
    return join(this.dir, "store", "prompts.db");
  }

  get outDir(): string {
    return join(this.dir, "out");
  }

  /** Every file under `out` (relative path -> text), and the SHA-256 of the store file. */
  async snapshot(): Promise<{ files: Record<string, string>; store: string }> {
    const files: Record<string, string> = {};
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else files[relative(this.outDir, path)] = await readFile(path, "utf8");
      }
    };
    await walk(this.outDir);
    return { files, store: createHash("sha256").update(await readFile(this.storePath)).digest("hex") };
  }

  async fragment(id: string): Promise<Record<string, unknown>> {
    const manifest = JSON.parse(await readFile(join(this.outDir, "manifest.json"), "utf8")) as { buildId: string };
    return JSON.parse(await readFile(join(this.outDir, manifest.buildId, `${id}.json`), "utf8")) as Record<string, unknown>;
  }

  async audit(): Promise<Record<string, unknown>[]> {
    const result = await this.run(["audit", "export", "--format", "ndjson"]);
    if (result.code !== 0) throw new Error(result.stderr);
    return result.stdout.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
