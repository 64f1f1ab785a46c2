/**
 * The most permits one lease holds ahead of the requests waiting for it:
 * what one isolate may admit for a user, from one pool, without asking the
 * user's object again.
 */
export const LEASE_MAX_PERMITS = 64;
/** A lease's permits may be taken until this long after its grant; then the isolate gives back those it did not take. */
export const LEASE_USE_BY_MS = 2_000;
/**
 * Permits still held this long after their grant stop counting (a lost
 * isolate or a crashed request): longer than any request deadline or stream.
 */
export const LEASE_HOLD_MS = 15 * 60_000;
/** A lease takes at most this share (1/n) of the headroom left after the requests waiting now. */
export const LEASE_SPARE_SHARE = 4;

export interface LeaseSizeInput {
  /** Requests waiting for a permit now: granted exactly, as far as the headroom goes. */
  want: number;
  /** Permits the isolate would like to hold for the requests to come (0: none, as the sample tier asks). */
  ahead: number;
  /** What the limits still allow (`admissionHeadroom`). */
  headroom: number;
}

/**
 * The permits to grant: every waiting request the headroom allows, plus
 * permits ahead, at most a quarter of what the headroom has to spare and at
 * most LEASE_MAX_PERMITS. As the headroom nears zero the part ahead
 * shrinks to none, so a limit's last requests are leased one at a time, to
 * requests that are waiting: no isolate holds a permit another one's
 * request could have used.
 */
export function leaseSize(input: LeaseSizeInput): number {
  const headroom = Math.max(0, input.headroom);
  const granted = Math.min(Math.max(0, Math.floor(input.want)), headroom);
  const spare = Math.floor((headroom - granted) / LEASE_SPARE_SHARE);
  const ahead = Math.min(Math.max(0, Math.floor(input.ahead)), spare, LEASE_MAX_PERMITS);
  return granted + ahead;
}
