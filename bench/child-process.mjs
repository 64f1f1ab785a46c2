// Starts one served party in its own Node process and waits for the URL it
// reports over IPC. Every child exits when the IPC channel closes, so a
// crashed benchmark leaves no server behind.
import { fork } from "node:child_process";

// Generous: a dozen servers start at once on 2 cores, each Chorus after its own D1 migrations.
const START_TIMEOUT_MS = 120_000;
// Enough of a child's output to say why it failed; servers under load may log a lot.
const KEPT_OUTPUT_CHARS = 4000;
const STOP_TIMEOUT_MS = 10_000;

export function startChild(script, args = []) {
  const child = fork(script, args, { stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let output = "";
  const keep = (chunk) => (output = (output + chunk).slice(-KEPT_OUTPUT_CHARS));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  // SIGTERM lets a child shut down what it started (Miniflare its workerd); SIGKILL if it hangs.
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    child.once("exit", () => resolve(clearTimeout(kill)));
    child.kill("SIGTERM");
  });
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (reason) => {
      // Stopping a child that did not start also ends in its exit: the first reason is the one to tell.
      if (failed) return;
      failed = true;
      clearTimeout(timer);
      stop().then(() => reject(new Error(`${script} ${reason}\n${output}`)));
    };
    const timer = setTimeout(() => fail(`did not report a URL within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.once("exit", (code, signal) => fail(`exited (${code ?? signal}) before reporting a URL`));
    child.once("message", (message) => {
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({ ...message, pid: child.pid, stop });
    });
  });
}
