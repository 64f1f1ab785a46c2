import { describe, expect, it } from "vitest";
import { RouteFailure } from "./route-failure.ts";
import { UpstreamError, type UpstreamErrorInit } from "./upstream-error.ts";

const failure = (init: Omit<UpstreamErrorInit, "message"> & { message?: string }) =>
  new RouteFailure({ attempts: [], fallbacks: [], last: new UpstreamError({ message: "upstream said no", ...init }) });

describe("RouteFailure.toGatewayError", () => {
  it("passes the caller's-fault statuses through with the upstream's safe message", () => {
    for (const status of [400, 404, 413, 422]) {
      expect(failure({ provider: "openai", kind: "bad_request", status }).toGatewayError()).toMatchObject({ status, code: "upstream_error", message: "upstream said no" });
    }
    expect(failure({ provider: "openai", kind: "bad_request" }).toGatewayError().status).toBe(400);
  });

  it("never shows the raw upstream body", () => {
    const error = failure({ provider: "anthropic", kind: "server", status: 500, raw: { secret: "internal trace" } }).toGatewayError();
    expect(error.toBody()).toEqual({
      error: { message: "Every upstream candidate failed (anthropic:500).", type: "api_error", code: "upstream_error", param: null },
    });
  });

  it("answers a lone timeout as 504 and a cut stream as 502", () => {
    expect(failure({ provider: "google", kind: "timeout" }).toGatewayError()).toMatchObject({ status: 504, code: "upstream_timeout" });
    expect(failure({ provider: "google", kind: "stream_cut" }).toGatewayError()).toMatchObject({ status: 502, message: "Every upstream candidate failed (google:stream_cut)." });
  });
});
