import type { ChorusMeta } from "@chorus/sdk";

/** The `x-chorus-*` answer headers: who served, through which profile, after which fallbacks. */
export function RouteTaken({ meta }: { meta: ChorusMeta | undefined }) {
  if (!meta) return null;
  const rows: [string, string | undefined][] = [
    ["provider", meta.provider],
    ["model", meta.model],
    ["profile", meta.profile],
    ["attempts", meta.attempts?.toString()],
    ["fallback", meta.fallback.map((f) => `${f.provider}:${f.reason}`).join(", ") || "none"],
    ["cache", meta.cache],
    ["route", meta.route],
    ["request id", meta.requestId],
  ];
  return (
    <dl class="route-taken" aria-label="Route taken">
      {rows.filter(([, value]) => value !== undefined).map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd data-header={name}>{value}</dd>
        </div>
      ))}
      {meta.degraded && <div><dt>degraded</dt><dd>true</dd></div>}
    </dl>
  );
}
