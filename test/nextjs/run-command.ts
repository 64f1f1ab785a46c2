import { spawnSync } from "node:child_process";

export interface CommandResult {
  output: string;
  ms: number;
}

/** Runs a command to its end; a non-zero exit throws with the command and the end of its output. */
export function runCommand(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): CommandResult {
  const started = Date.now();
  const result = spawnSync(command, args, { ...options, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(" ")}\` in ${options.cwd} exited with ${result.status ?? result.signal}:\n${output.slice(-6000)}`);
  }
  return { output, ms: Date.now() - started };
}
