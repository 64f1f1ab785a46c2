import { api } from "../api.ts";
import type { UsageDay } from "../api-types.ts";
import { Chart } from "../components/chart.tsx";
import { ErrorMessage } from "../components/error-message.tsx";
import { useResource } from "../use-resource.ts";

/** `GET /v1/usage`: the caller's requests, tokens and cost per day over the last 30 days. */
export function UsagePage() {
  const usage = useResource(() => api<{ days: UsageDay[] }>("GET", "/v1/usage"));
  const days = usage.data?.days ?? [];
  const total = days.reduce((sum, day) => ({ requests: sum.requests + day.requests, tokens: sum.tokens + day.tokensIn + day.tokensOut, cost: sum.cost + day.costUsd }), { requests: 0, tokens: 0, cost: 0 });
  return (
    <main class="page">
      <h1>Usage</h1>
      <ErrorMessage error={usage.error} />
      {usage.data && (
        <>
          <p class="stats" aria-label="Last 30 days">
            <span><strong>{total.requests}</strong> requests</span>
            <span><strong>{total.tokens}</strong> tokens</span>
            <span><strong>${total.cost.toFixed(4)}</strong> cost</span>
          </p>
          <Chart title="Requests per day" kind="bars" categories={days.map((d) => d.date)} series={[{ label: "requests", values: days.map((d) => d.requests), color: "#3b6fd8" }]} />
          <Chart title="Tokens per day" kind="lines" categories={days.map((d) => d.date)} series={[
            { label: "tokens in", values: days.map((d) => d.tokensIn), color: "#2f9e6e" },
            { label: "tokens out", values: days.map((d) => d.tokensOut), color: "#d8813b" },
          ]} />
        </>
      )}
    </main>
  );
}
