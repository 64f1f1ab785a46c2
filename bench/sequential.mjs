// Concurrency 1, interleaved: every round sends one request to each party, in
// an order that rotates every round, so drift and machine noise land on all
// parties alike. Bounded by the number of rounds and by `maxMs`.
import { exchange } from "./exchange.mjs";
import { keepAliveAgent } from "./http-client.mjs";
import { Tally } from "./tally.mjs";

const rotated = (list, by) => list.map((_, i) => list[(i + by) % list.length]);

export async function measureSequential(parties, { stream, warmup, samples, maxMs }) {
  const agents = new Map(parties.map((party) => [party.name, keepAliveAgent(1)]));
  const tallies = new Map(parties.map((party) => [party.name, new Tally()]));
  const deadline = performance.now() + maxMs;
  for (let round = 0; round < warmup + samples && performance.now() < deadline; round++) {
    for (const party of rotated(parties, round)) {
      const result = await exchange(party, agents.get(party.name), stream);
      if (round >= warmup) tallies.get(party.name).record(result);
    }
  }
  for (const agent of agents.values()) agent.destroy();
  return tallies;
}
