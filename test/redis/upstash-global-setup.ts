import type { TestProject } from "vitest/node";
import { INSTALL_HINT, startRedisStack } from "./redis-stack.ts";
import "./upstash-target.ts";

/**
 * Starts a real Redis with the Upstash REST protocol in front of it for the
 * project's tests. Without redis-server: under CI the run fails here, with how
 * to install it; on a developer machine the tests are skipped, with a notice
 * nobody can miss.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  try {
    const stack = await startRedisStack();
    project.provide("upstash", { url: stack.url, serverUrl: stack.serverUrl, token: stack.token, version: stack.version });
    return () => stack.stop();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message !== INSTALL_HINT) throw error;
    if (process.env.CI) throw new Error(`CI is set, so the Upstash rate-limit tests must run: ${INSTALL_HINT}`);
    const banner = "!".repeat(100);
    console.warn(`\n${banner}\n!! SKIPPING the Upstash rate-limit tests (project "${project.name}"): ${INSTALL_HINT}\n!! With CI set they fail instead.\n${banner}\n`);
    project.provide("upstash", { missing: INSTALL_HINT });
    return undefined;
  }
}
