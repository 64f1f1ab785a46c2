// Closed loop at fixed concurrency: `concurrency` clients each send their next
// request as soon as the previous one is answered, for a fixed window. The
// window is split into rounds, party after party, the order reversed every
// round so that no party always runs first or last.
import { exchange } from "./exchange.mjs";
import { keepAliveAgent } from "./http-client.mjs";
import { treeCpuMs } from "./process-cpu.mjs";
import { Tally } from "./tally.mjs";

/** Runs the loop for `ms`; responses that end within the window go to `tally` (none while warming up). */
async function closedLoop(party, agent, concurrency, ms, tally) {
  const end = performance.now() + ms;
  const client = async () => {
    while (performance.now() < end) {
      const result = await exchange(party, agent, false);
      if (tally && performance.now() <= end) tally.record(result);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
}

/**
 * Per party, after `steadyMs` of unmeasured load (each party once, before the
 * rounds), a tally over `rounds × windowMs` of measured time; rate =
 * tally.ok / seconds. With `pids` (party name -> its server's process), the
 * tally also gets `cpuMs`: what that server spent during the measured windows.
 */
export async function measureThroughput(parties, { concurrency, rounds, windowMs, warmupMs, steadyMs = 0 }, pids = new Map()) {
  const agents = new Map(parties.map((party) => [party.name, keepAliveAgent(concurrency)]));
  const tallies = new Map(parties.map((party) => [party.name, new Tally()]));
  // Load until the steady state before anything counts: a JIT keeps optimizing a server's
  // code for many seconds of load (Portkey's rate still rises after 30 s here).
  for (const party of parties) await closedLoop(party, agents.get(party.name), concurrency, steadyMs);
  for (let round = 0; round < rounds; round++) {
    for (const party of round % 2 === 0 ? parties : [...parties].reverse()) {
      const agent = agents.get(party.name);
      // Reopens sockets the server closed while other parties ran, and warms the JIT.
      await closedLoop(party, agent, concurrency, warmupMs);
      const tally = tallies.get(party.name);
      const before = treeCpuMs(pids.get(party.name));
      await closedLoop(party, agent, concurrency, windowMs, tally);
      const after = treeCpuMs(pids.get(party.name));
      if (before !== undefined && after !== undefined) tally.cpuMs = (tally.cpuMs ?? 0) + after - before;
    }
  }
  for (const agent of agents.values()) agent.destroy();
  return { tallies, seconds: (rounds * windowMs) / 1000 };
}
