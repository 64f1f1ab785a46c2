import { afterEach, beforeEach, vi } from "vitest";

const METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

/**
 * Captures every console line of each test in the calling file, so leak tests
 * can search what an operator's log would hold. Returns the live list.
 */
export function captureConsole(): string[] {
  const captured: string[] = [];
  beforeEach(() => {
    captured.length = 0;
    for (const method of METHODS) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return captured;
}
