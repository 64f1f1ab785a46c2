import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import {
  checkPromptMessages, parseConfig, parseProfilesConfig, promptFileSchema, ProfilesConfigError,
  type ProfilesConfig, type PromptFile,
} from "@chorus/core";
import { parse as parseYaml } from "yaml";
import { BuildError } from "./build-error.ts";
import { contentMapSchema, type ContentMap } from "./content-map-schema.ts";

/** What a build reads from the config dir: the same files the gateway loads, plus the content map. */
export interface BuildConfig {
  dir: string;
  contentMap: ContentMap;
  profiles: ProfilesConfig;
  prompts: PromptFile[];
}

async function readText(path: string, shown: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new BuildError(`${shown}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** `tasks[3].type: ...` reads better as `tasks[3] (id "faq").type: ...`. */
function withTaskId(message: string, map: unknown): string {
  const match = /^tasks\[(\d+)\]/.exec(message);
  const tasks = (map as { tasks?: unknown } | null)?.tasks;
  if (!match || !Array.isArray(tasks)) return message;
  const id = (tasks[Number(match[1])] as { id?: unknown } | undefined)?.id;
  return typeof id === "string" ? message.replace(match[0], `${match[0]} (id "${id}")`) : message;
}

async function readContentMap(dir: string, shown: string): Promise<ContentMap> {
  const file = `${shown}/content-map.yaml`;
  let value: unknown;
  try {
    value = parseYaml(await readText(join(dir, "content-map.yaml"), file));
  } catch (error) {
    if (error instanceof BuildError) throw error;
    throw new BuildError(`${file}: not valid YAML (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseConfig(contentMapSchema, value, (_path, message) => {
    throw new BuildError(`${file}: ${withTaskId(message, value)}`);
  }, "content map");
}

/** The gateway's profiles: `LLM_PROFILES` replaces the file whole, as it does for the gateway. */
async function readProfiles(dir: string, shown: string, env: Record<string, string | undefined>): Promise<ProfilesConfig> {
  const fromEnv = env.LLM_PROFILES?.trim();
  const source = fromEnv ? "LLM_PROFILES" : `${shown}/llm-profiles.json`;
  try {
    return parseProfilesConfig(fromEnv || await readText(join(dir, "llm-profiles.json"), source));
  } catch (error) {
    if (error instanceof ProfilesConfigError) throw new BuildError(`${source}: ${error.message}`);
    throw error;
  }
}

async function readPrompts(dir: string, shown: string): Promise<PromptFile[]> {
  let files: string[];
  try {
    files = (await readdir(join(dir, "prompts"))).filter((file) => file.endsWith(".json")).sort();
  } catch {
    return [];
  }
  const prompts: PromptFile[] = [];
  for (const file of files) {
    const path = `${shown}/prompts/${file}`;
    let json: unknown;
    try {
      json = JSON.parse(await readText(join(dir, "prompts", file), path));
    } catch (error) {
      if (error instanceof BuildError) throw error;
      throw new BuildError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = promptFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new BuildError(`${path}: '${issue.path.join(".")}' ${issue.message}`);
    }
    try {
      checkPromptMessages(parsed.data.messages);
    } catch (error) {
      throw new BuildError(`${path}: ${(error as Error).message}`);
    }
    prompts.push(parsed.data);
  }
  return prompts;
}

/** Reads and checks the config dir; a mistake is a `BuildError` naming the file and the field. */
export async function readBuildConfig(dir: string, env: Record<string, string | undefined>, cwd = process.cwd()): Promise<BuildConfig> {
  const shown = relative(cwd, dir) || ".";
  const [contentMap, profiles, prompts] = await Promise.all([readContentMap(dir, shown), readProfiles(dir, shown, env), readPrompts(dir, shown)]);
  return { dir, contentMap, profiles, prompts };
}
