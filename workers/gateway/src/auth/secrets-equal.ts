function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

async function sha256(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
}

/**
 * Compares a presented secret with the expected one without leaking, through
 * timing, how much of it matched or how long it is: both sides are hashed to
 * 32 bytes first, then compared in full. Plain JS rather than workerd's
 * `timingSafeEqual` so the same code runs in Node (npm start's checks, tests).
 */
export async function secretsEqual(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(presented), sha256(expected)]);
  return constantTimeEqual(a, b);
}
