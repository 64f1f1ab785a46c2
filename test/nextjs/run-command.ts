import { spawn } from "node:child_process";

export interface CommandResult {
  output: string;
  ms: number;
}

/**
 * Runs a command to its end without blocking this process: the fake upstreams
 * it calls live here. A non-zero exit rejects with the command and the end of its output.
 */
export function runCommand(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve({ output, ms: Date.now() - started });
      else reject(new Error(`\`${command} ${args.join(" ")}\` in ${options.cwd} exited with ${code ?? signal}:\n${output.slice(-6000)}`));
    });
  });
}
