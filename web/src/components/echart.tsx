import type { EChartsCoreOption } from 'echarts/core';
import * as echarts from 'echarts/core';
import { useEffect, useRef } from 'react';

/**
 * An ECharts drawing of `option` (the chart kinds it uses registered by its
 * caller), drawn again when `option` changes and resized with its box, with
 * a plain HTML legend of `legend`. The drawing is hidden from screen readers:
 * the caller gives them the numbers as a table.
 */
export function EChart({ option, legend }: { option: EChartsCoreOption; legend: readonly { name: string; color: string }[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    chart.setOption(option);
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [option]);
  return (
    <>
      {legend.length > 0 && (
        <ul className="legend" aria-hidden="true">
          {legend.map((s) => (
            <li key={s.name}>
              <span className="swatch" style={{ background: s.color }} />
              {s.name}
            </li>
          ))}
        </ul>
      )}
      {/* The chart lays out its own text; the page direction would flip its anchors. */}
      <div ref={ref} className="chart" aria-hidden="true" dir="ltr" />
    </>
  );
}
