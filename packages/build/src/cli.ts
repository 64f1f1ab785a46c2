import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { auditRecords } from "./audit-records.ts";
import { BuildError } from "./build-error.ts";
import type { BuildDraft } from "@chorus/core";
import { generate, type Env } from "./generate.ts";
import { GatewayReview } from "./gateway-review.ts";
import { gatewayTarget } from "./gateway-target.ts";
import { PromptStore } from "./prompt-store.ts";
import { stableJson } from "./write-build.ts";
import type { AnswerRow } from "./store-schema.ts";

export const USAGE = `Usage: chorus-build <command> [--config-dir DIR] [--store FILE]
  generate [--frozen] [--out DIR] [--build-id ID]   settle every task of content-map.yaml and write the build
  refresh --provider NAME [--out DIR] [--build-id ID] ask again where NAME answered, then write the build
  pending                                            list answers awaiting review (and, with a gateway, its review state)
  approve <id>                                       approve a pending answer (its id, or its task's id)
  audit export [--format ndjson|json] [--out FILE]   the store's records, with SHA-256 of prompt and response
Defaults: --config-dir config, --store store/prompts.db, --out .next/cache/llm; paths are relative to the current directory.`;

export interface CliIo {
  env: Env;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  fetch?: typeof globalThis.fetch;
}

const OPTIONS = {
  "config-dir": { type: "string" },
  store: { type: "string" },
  out: { type: "string" },
  frozen: { type: "boolean" },
  "build-id": { type: "string" },
  provider: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

/** Which options each command takes: any other is a mistake worth naming. */
const ALLOWED: Record<string, readonly (keyof typeof OPTIONS)[]> = {
  generate: ["frozen", "out", "build-id"],
  refresh: ["provider", "out", "build-id"],
  pending: [],
  approve: [],
  audit: ["format", "out"],
};

function checkOptions(command: string, values: Values): void {
  const allowed = new Set<string>([...ALLOWED[command]!, "config-dir", "store", "help"]);
  for (const name of Object.keys(values)) {
    if (!allowed.has(name)) throw new BuildError(`${command} does not take --${name}`);
  }
}

async function withStore<T>(path: string, use: (store: PromptStore) => Promise<T>): Promise<T> {
  const store = await PromptStore.open(path);
  try {
    return await use(store);
  } finally {
    store.close();
  }
}

async function runGenerate(io: CliIo, values: Values, paths: { configDir: string; storePath: string }, refreshProvider?: string): Promise<void> {
  const result = await generate({
    ...paths,
    out: resolve(io.cwd, values.out ?? ".next/cache/llm"),
    frozen: values.frozen ?? false,
    buildId: values["build-id"],
    refreshProvider,
    env: io.env,
    cwd: io.cwd,
    log: (line) => io.stdout(`${line}\n`),
    fetch: io.fetch,
  });
  const fallbacks = result.fallbacks.length > 0 ? `, fallbacks: ${result.fallbacks.join(", ")}` : "";
  io.stdout(`chorus-build: build ${result.manifest.buildId}: ${result.manifest.tasks.length} tasks, ${result.called.length} model answers this run${fallbacks}\n`);
}

/** What the gateway's review says of a draft; nothing without a gateway. */
type ReviewOf = (row: AnswerRow) => string | undefined;

function showDraft(row: AnswerRow, reviewOf: ReviewOf): string {
  const preview = row.response.length > 240 ? `${row.response.slice(0, 240)}…` : row.response;
  const review = reviewOf(row);
  return `${row.key.slice(0, 12)}  ${row.taskId}  ${row.route}  ${row.provider}/${row.model}${review ? `  [${review}]` : ""}\n  ${preview.replace(/\n/g, "\n  ")}\n`;
}

function reviewState(row: AnswerRow, draft: BuildDraft | undefined): string {
  if (!draft || draft.responseHash !== row.responseHash) return "review: not submitted yet (the next generate submits it)";
  if (draft.status === "pending") return "review: pending in the console";
  const decided = `by ${draft.decidedBy ?? "an admin"} at ${draft.decidedAt ?? "?"}`;
  if (draft.status === "approved") return `review: approved ${decided}; the next generate uses it`;
  return `review: rejected ${decided}; not served (refresh --provider ${row.provider} asks again)`;
}

/** With a gateway, each draft's state in its review; the store's drafts alone without one. */
async function reviewOfDrafts(io: CliIo): Promise<ReviewOf> {
  const target = gatewayTarget(io.env);
  if (!target) return () => undefined;
  let drafts: BuildDraft[];
  try {
    drafts = await new GatewayReview(target, io.fetch).drafts();
  } catch (error) {
    throw new BuildError(`pending: could not read the review at ${target.url} (${error instanceof Error ? error.message : String(error)}); unset CHORUS_URL and CHORUS_API_KEY to list the store's drafts alone`);
  }
  const byId = new Map(drafts.map((draft) => [draft.id, draft]));
  return (row) => reviewState(row, byId.get(row.key));
}

async function approve(store: PromptStore, id: string): Promise<AnswerRow> {
  const pending = await store.pending();
  const byKey = /^[0-9a-f]{6,64}$/.test(id) ? pending.filter((row) => row.key.startsWith(id)) : [];
  const matches = byKey.length > 0 ? byKey : pending.filter((row) => row.taskId === id);
  if (matches.length === 0) throw new BuildError(`approve: no pending answer "${id}" (chorus-build pending lists them)`);
  if (matches.length > 1) throw new BuildError(`approve: "${id}" matches ${matches.length} pending answers (${matches.map((row) => row.key.slice(0, 12)).join(", ")}): give one id`);
  await store.approve(matches[0]!.key);
  return matches[0]!;
}

async function dispatch(command: string, positionals: string[], values: Values, io: CliIo): Promise<void> {
  const paths = { configDir: resolve(io.cwd, values["config-dir"] ?? "config"), storePath: resolve(io.cwd, values.store ?? "store/prompts.db") };
  if (command === "generate") return runGenerate(io, values, paths);
  if (command === "refresh") {
    if (!values.provider) throw new BuildError("refresh needs --provider NAME");
    return runGenerate(io, values, paths, values.provider);
  }
  if (command === "pending") {
    const rows = await withStore(paths.storePath, (store) => store.pending());
    const reviewOf = rows.length === 0 ? () => undefined : await reviewOfDrafts(io);
    io.stdout(rows.length === 0 ? "No answers await review.\n" : rows.map((row) => showDraft(row, reviewOf)).join(""));
    return;
  }
  if (command === "approve") {
    const [id, extra] = positionals;
    if (!id || extra !== undefined) throw new BuildError("approve takes one id: chorus-build approve <id>");
    const row = await withStore(paths.storePath, (store) => approve(store, id));
    io.stdout(`Approved ${row.key.slice(0, 12)} for task "${row.taskId}"; the next generate uses it.\n`);
    return;
  }
  const [what, extra] = positionals;
  if (what !== "export" || extra !== undefined) throw new BuildError("audit takes one subcommand: chorus-build audit export [--format ndjson|json]");
  const format = values.format ?? "ndjson";
  if (format !== "ndjson" && format !== "json") throw new BuildError(`--format: "${format}" is not a format (ndjson or json)`);
  const records = await withStore(paths.storePath, auditRecords);
  const text = format === "ndjson" ? records.map((record) => `${JSON.stringify(record)}\n`).join("") : stableJson(records);
  if (values.out) await writeFile(resolve(io.cwd, values.out), text);
  else io.stdout(text);
}

/** Runs one command line; the exit code is 0 only on success. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    const [command, ...rest] = positionals;
    if (values.help || command === undefined) {
      (values.help ? io.stdout : io.stderr)(`${USAGE}\n`);
      return values.help ? 0 : 2;
    }
    if (!Object.hasOwn(ALLOWED, command)) throw new BuildError(`unknown command "${command}" (one of ${Object.keys(ALLOWED).join(", ")})`);
    checkOptions(command, values);
    if (command !== "approve" && command !== "audit" && rest.length > 0) throw new BuildError(`${command} takes no argument "${rest[0]}"`);
    await dispatch(command, rest, values, io);
    return 0;
  } catch (error) {
    if (error instanceof BuildError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`chorus-build: ${(error as Error).message}\n`);
      return 1;
    }
    io.stderr(`chorus-build: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
  }
}
