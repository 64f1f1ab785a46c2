// Concurrency 1, interleaved: every round sends requests to each party, in an
// order that rotates every round, so drift and machine noise land on all
// parties alike. Bounded by the number of samples and by `maxMs`.
//
// `block` (default 1) requests go to a party in a row, of which the first
// `settle` are not counted: with a block of 1, every request meets a process
// whose caches the other parties' processes have just used (a dozen servers
// share 2 cores), which weighs on a large Worker more than on a small one; a
// block measures each party as a server receiving steady traffic is.
import { exchange } from "./exchange.mjs";
import { keepAliveAgent } from "./http-client.mjs";
import { Tally } from "./tally.mjs";

const rotated = (list, by) => list.map((_, i) => list[(i + by) % list.length]);

export async function measureSequential(parties, { stream, warmup, samples, maxMs, block = 1, settle = 0 }) {
  const agents = new Map(parties.map((party) => [party.name, keepAliveAgent(1)]));
  const tallies = new Map(parties.map((party) => [party.name, new Tally()]));
  const deadline = performance.now() + maxMs;
  const counted = block - settle;
  const rounds = Math.ceil((warmup + samples) / counted);
  for (let round = 0; round < rounds && performance.now() < deadline; round++) {
    for (const party of rotated(parties, round)) {
      for (let i = 0; i < block; i++) {
        const result = await exchange(party, agents.get(party.name), stream);
        const index = round * counted + i - settle;
        if (i >= settle && index >= warmup && index < warmup + samples) tallies.get(party.name).record(result);
      }
    }
  }
  for (const agent of agents.values()) agent.destroy();
  return tallies;
}
