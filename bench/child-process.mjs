// Starts one served party in its own Node process and waits for the URL it
// reports over IPC. Every child exits when the IPC channel closes, so a
// crashed benchmark leaves no server behind.
import { fork } from "node:child_process";

const START_TIMEOUT_MS = 60_000;

export function startChild(script, args = []) {
  const child = fork(script, args, { stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", resolve);
    child.kill("SIGTERM");
  });
  return new Promise((resolve, reject) => {
    const fail = (reason) => {
      clearTimeout(timer);
      stop().then(() => reject(new Error(`${script} ${reason}\n${output.slice(-2000)}`)));
    };
    const timer = setTimeout(() => fail(`did not report a URL within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.once("exit", (code, signal) => fail(`exited (${code ?? signal}) before reporting a URL`));
    child.once("message", (message) => {
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({ ...message, stop });
    });
  });
}
