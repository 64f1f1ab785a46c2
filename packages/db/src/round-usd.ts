/** Float sums drift in the last digits; a nano-dollar is far below any price's granularity. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
