// Who is measured: the fake upstream called directly, and each server put in
// front of that same fake. The client and the request body are the same for
// all; only the address, the model name and the routing headers differ, as
// each server expects them.
const CHAT_PATH = "/v1/chat/completions";

/** A party whose server did not start (no URL) is left out. */
export function partiesOf({ fakeUrl, chorusUrl, chorusToken, floorUrl, portkeyUrl }) {
  const auth = { authorization: "Bearer sk-bench" };
  const chorusAuth = { authorization: `Bearer ${chorusToken}` };
  return [
    { name: "direct", label: "direct (fake upstream)", base: fakeUrl, model: "gpt-bench", headers: auth },
    // A `provider/model` address: no profile lookup, the OpenAI adapter pointed at the fake by OPENAI_BASE_URL.
    { name: "chorus", label: "Chorus (workerd), cache miss", base: chorusUrl, model: "openai/gpt-bench", headers: chorusAuth },
    // The same without the response cache: what forwarding alone costs, as Portkey (no cache by default) does.
    {
      name: "chorus-no-cache", label: "Chorus (workerd), cache bypassed", base: chorusUrl, model: "openai/gpt-bench",
      headers: { ...chorusAuth, "x-chorus-cache": "no-store" },
    },
    {
      name: "portkey", label: "Portkey 1.15.2 (Node)", base: portkeyUrl, model: "gpt-bench",
      headers: { ...auth, "x-portkey-provider": "openai", "x-portkey-custom-host": `${fakeUrl}/v1` },
    },
    // Reference, not a contender: workerd forwarding the request and nothing else.
    { name: "floor", label: "workerd floor (fetch-only Worker)", base: floorUrl, model: "gpt-bench", headers: auth },
  ].filter((party) => party.base).map(({ base, ...party }) => ({ ...party, url: new URL(CHAT_PATH, base) }));
}
