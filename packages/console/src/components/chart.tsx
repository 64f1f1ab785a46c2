import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

interface ChartProps {
  title: string;
  /** Category names along the x axis (days, providers, users). */
  categories: string[];
  series: ChartSeries[];
  /** Bars for categories, lines for days. */
  kind: "bars" | "lines";
}

/**
 * A uPlot chart with its numbers also as a table (visually hidden), so the
 * data reads without sight and the chart's width follows its container.
 */
export function Chart({ title, categories, series, kind }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || categories.length === 0) return;
    const bars = uPlot.paths.bars?.({ size: [0.6, 48] });
    const plot = new uPlot({
      width: Math.max(element.clientWidth, 200),
      height: 220,
      // Half a step of room either side, so the first and last bars are whole.
      scales: { x: { time: false, range: () => [-0.5, categories.length - 0.5] } },
      axes: [
        { splits: () => categories.map((_, index) => index), values: (_u, ticks) => ticks.map((tick) => categories[tick] ?? "") },
        {},
      ],
      series: [
        {},
        ...series.map((s) => ({ label: s.label, stroke: s.color, fill: kind === "bars" ? `${s.color}99` : undefined, width: 2, ...(kind === "bars" && bars ? { paths: bars } : {}) })),
      ],
    }, [categories.map((_, index) => index), ...series.map((s) => s.values)], element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 200), height: 220 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [categories.join("\u0000"), JSON.stringify(series), kind]);

  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {categories.length === 0 ? <p class="muted">No data yet.</p> : <div ref={box} class="chart-canvas" data-chart={title} />}
      {/* A wrapper, not the table, is hidden: a table grows to its content whatever its width says. */}
      <div class="visually-hidden">
        <table aria-label={`${title} data`}>
          <thead><tr><th>category</th>{series.map((s) => <th key={s.label}>{s.label}</th>)}</tr></thead>
          <tbody>
            {categories.map((category, index) => (
              <tr key={category}><td>{category}</td>{series.map((s) => <td key={s.label}>{s.values[index] ?? ""}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
