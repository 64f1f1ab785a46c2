// Closed loop at fixed concurrency: `concurrency` clients each send their next
// request as soon as the previous one is answered. The measured time is split
// into rounds, party after party, the order reversed every round so that no
// party always runs first or last.
import { exchange } from "./exchange.mjs";
import { keepAliveAgent } from "./http-client.mjs";
import { treeCpuMs } from "./process-cpu.mjs";
import { Tally } from "./tally.mjs";

/** Runs the loop for `ms`; `onAnswer(result, at)` hears of every response as it ends. */
async function closedLoop(party, agent, concurrency, ms, onAnswer = () => {}) {
  const end = performance.now() + ms;
  const client = async () => {
    while (performance.now() < end) {
      const result = await exchange(party, agent, false);
      onAnswer(result, performance.now());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
}

/**
 * One round of a party: `warmupMs` of load, then, in the same loop, a window
 * of `windowMs` whose responses go to `tally`. One loop, not two, so that the
 * window opens on a server in its steady state with every client's request in
 * flight, rather than on a drained one that all clients hit at once: a server
 * answering in ~1 s at this concurrency would otherwise show one batch per window.
 */
async function measuredRound(party, agent, { concurrency, warmupMs, windowMs }, tally, pid) {
  const opens = performance.now() + warmupMs;
  const closes = opens + windowMs;
  let cpuAtOpen;
  let cpuAtClose;
  const open = setTimeout(() => (cpuAtOpen = treeCpuMs(pid)), warmupMs);
  const close = setTimeout(() => (cpuAtClose = treeCpuMs(pid)), warmupMs + windowMs);
  await closedLoop(party, agent, concurrency, warmupMs + windowMs, (result, at) => {
    if (at >= opens && at <= closes) tally.record(result);
  });
  clearTimeout(open);
  clearTimeout(close);
  if (cpuAtOpen !== undefined && cpuAtClose !== undefined) tally.cpuMs = (tally.cpuMs ?? 0) + cpuAtClose - cpuAtOpen;
}

/**
 * Per party, after `steadyMs` of unmeasured load (each party once, before the
 * rounds), a tally over `rounds × windowMs` of measured time; rate =
 * tally.ok / seconds. With `pids` (party name -> its server's process), the
 * tally also gets `cpuMs`: what that server spent during the measured windows.
 */
export async function measureThroughput(parties, plan, pids = new Map()) {
  const { concurrency, rounds, windowMs, steadyMs = 0 } = plan;
  const agents = new Map(parties.map((party) => [party.name, keepAliveAgent(concurrency)]));
  const tallies = new Map(parties.map((party) => [party.name, new Tally()]));
  // Load until the steady state before anything counts: a JIT keeps optimizing a server's
  // code for many seconds of load (Portkey's rate still rises after 30 s here).
  for (const party of parties) await closedLoop(party, agents.get(party.name), concurrency, steadyMs);
  for (let round = 0; round < rounds; round++) {
    for (const party of round % 2 === 0 ? parties : [...parties].reverse()) {
      // The warm-up reopens sockets the server closed while other parties ran, and warms the JIT.
      await measuredRound(party, agents.get(party.name), plan, tallies.get(party.name), pids.get(party.name));
    }
  }
  for (const agent of agents.values()) agent.destroy();
  return { tallies, seconds: (rounds * windowMs) / 1000 };
}
