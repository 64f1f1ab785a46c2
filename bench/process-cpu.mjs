// CPU time a server spent, all its threads and child processes together
// (workerd runs under the Miniflare process that started it), read from
// /proc: user + system time of every process in the tree. Linux only; elsewhere
// it reports nothing and the report says so.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

let ticksPerSecond;

function clockTicks() {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
}

function childrenOf(pid) {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return [];
  return readdirSync(tasks).flatMap((tid) => {
    try {
      return readFileSync(`${tasks}/${tid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

/** CPU ms used so far by `pid` and its descendants; undefined where /proc is not there to read. */
export function treeCpuMs(pid) {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  let ticks = 0;
  for (const each of [pid, ...descendantsOf(pid)]) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${each}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // A process that just exited: its time is gone with it.
    }
  }
  return (ticks * 1000) / clockTicks();
}

function descendantsOf(pid) {
  const found = [];
  for (let next = childrenOf(pid); next.length > 0; next = next.flatMap(childrenOf)) found.push(...next);
  return found;
}
