/**
 * The abort reason of a hedge leg stopped because another leg settled the
 * request. Distinct from the client's reason so the stopped attempt is still
 * recorded (as `hedge_lost`), and never an `UpstreamError`, so nothing counts
 * it as a failure of its provider.
 */
export class HedgeLost extends Error {
  override readonly name = "HedgeLost";
}
