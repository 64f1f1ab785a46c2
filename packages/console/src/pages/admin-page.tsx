import { api } from "../api.ts";
import type { AdminUsage, ProviderHealth } from "../api-types.ts";
import { Chart } from "../components/chart.tsx";
import { ErrorMessage } from "../components/error-message.tsx";
import { useResource } from "../use-resource.ts";

const percent = (value: number | undefined) => (value === undefined ? "—" : `${Math.round(value * 100)}%`);
const ms = (value: number | null) => (value === null ? "—" : `${Math.round(value)} ms`);
/** A share of requests in percent, null (no point drawn) when there were none. */
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
/** The users who cost most, so the chart stays readable with many users. */
const TOP_USERS = 10;

/**
 * For admins: `/admin/providers` (circuits, latency, time to first token) and
 * `/admin/usage` (cache hit rate, fallback use, cost by user, plan and provider).
 */
export function AdminPage() {
  const health = useResource(() => api<{ providers: ProviderHealth[] }>("GET", "/admin/providers"));
  const usage = useResource(() => api<AdminUsage>("GET", "/admin/usage"));
  const providers = health.data?.providers ?? [];
  const topUsers = [...(usage.data?.users ?? [])].sort((a, b) => b.costUsd - a.costUsd).slice(0, TOP_USERS);
  return (
    <main class="page">
      <div class="row spread">
        <h1>Operations</h1>
        <button type="button" onClick={() => { health.reload(); usage.reload(); }}>Refresh</button>
      </div>
      <ErrorMessage error={health.error ?? usage.error} />
      {health.data && (
        <section aria-labelledby="providers-title">
          <h2 id="providers-title">Provider health</h2>
          <div class="table-scroll">
            <table aria-label="Providers">
              <thead><tr><th>provider</th><th>circuit</th><th>success</th><th>p50</th><th>p95</th><th>first token p50</th><th>requests</th><th>cache hits</th></tr></thead>
              <tbody>
                {providers.map((p) => (
                  <tr key={p.id}>
                    <td>{p.id}</td><td><span class={`state ${p.state}`}>{p.state.replace("_", " ")}</span></td><td>{percent(p.successRate)}</td>
                    <td>{ms(p.p50Ms)}</td><td>{ms(p.p95Ms)}</td><td>{ms(p.ttftP50Ms)}</td><td>{p.requests}</td><td>{percent(p.cacheHitRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Chart title="Latency by provider (ms)" kind="bars" categories={providers.map((p) => p.id)} series={[
            { label: "p50", values: providers.map((p) => p.p50Ms), color: "#3b6fd8" },
            { label: "p95", values: providers.map((p) => p.p95Ms), color: "#d8813b" },
          ]} />
        </section>
      )}
      {usage.data && (
        <section aria-labelledby="usage-title">
          <h2 id="usage-title">Usage {usage.data.from} to {usage.data.to}</h2>
          <p class="stats">
            <span><strong>{usage.data.total.requests}</strong> requests</span>
            <span><strong>{percent(usage.data.total.requests ? usage.data.total.cachedRequests / usage.data.total.requests : undefined)}</strong> from cache</span>
            <span><strong>{usage.data.total.fallbackRequests}</strong> after a fallback</span>
            <span><strong>${usage.data.total.costUsd.toFixed(4)}</strong> cost</span>
          </p>
          <Chart title="Requests by provider" kind="bars" categories={usage.data.providers.map((p) => p.provider)} series={[
            { label: "requests", values: usage.data.providers.map((p) => p.requests), color: "#3b6fd8" },
            { label: "cached", values: usage.data.providers.map((p) => p.cachedRequests), color: "#2f9e6e" },
          ]} />
          <Chart title="Cache hit rate by provider (%)" kind="bars" categories={usage.data.providers.map((p) => p.provider)} series={[
            { label: "from cache", values: usage.data.providers.map((p) => share(p.cachedRequests, p.requests)), color: "#2f9e6e" },
          ]} />
          <Chart title="Fallback use by provider" kind="bars" categories={usage.data.providers.map((p) => p.provider)} series={[
            { label: "served after a fallback", values: usage.data.providers.map((p) => p.fallbackRequests), color: "#d8813b" },
          ]} />
          <Chart title="Cost by provider (USD)" kind="bars" categories={usage.data.providers.map((p) => p.provider)} series={[{ label: "cost", values: usage.data.providers.map((p) => p.costUsd), color: "#8a4fd8" }]} />
          <Chart title="Cost by plan (USD)" kind="bars" categories={usage.data.plans.map((p) => p.plan)} series={[{ label: "cost", values: usage.data.plans.map((p) => p.costUsd), color: "#8a4fd8" }]} />
          <Chart title={`Cost per user, top ${TOP_USERS} (USD)`} kind="bars" categories={topUsers.map((u) => u.userId)} series={[{ label: "cost", values: topUsers.map((u) => u.costUsd), color: "#3b6fd8" }]} />
          <div class="table-scroll">
            <table aria-label="Cost per user">
              <thead><tr><th>user</th><th>plan</th><th>requests</th><th>after fallback</th><th>tokens</th><th>cost</th></tr></thead>
              <tbody>
                {usage.data.users.map((u) => (
                  <tr key={u.userId}><td>{u.userId}</td><td>{u.plan ?? "unknown"}</td><td>{u.requests}</td><td>{u.fallbackRequests}</td><td>{u.tokensIn + u.tokensOut}</td><td>${u.costUsd.toFixed(4)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </main>
  );
}
