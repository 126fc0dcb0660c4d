import { LineChart as ELineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([ELineChart, GridComponent, TooltipComponent, SVGRenderer]);

/** A line; a null value is a period with no figure (yet), drawn as a gap rather than as 0. */
export interface LineSeries {
  name: string;
  values: (number | null)[];
  color: string;
}

/**
 * A line chart of series over the same categories (periods). Like the bar
 * chart, its numbers are also given as a table beside it for screen readers.
 */
export function LineChart({
  categories,
  series,
  format,
  rtl,
}: {
  categories: string[];
  series: LineSeries[];
  format: (v: number) => string;
  rtl: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'inherit' },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (v === null || v === undefined || v === '-' ? '—' : format(Number(v))),
      },
      // Right to left, time runs from the right and the value axis sits on the right.
      xAxis: { type: 'category', data: categories, inverse: rtl, boundaryGap: false, axisLabel: { color: '#475569' } },
      yAxis: {
        type: 'value',
        position: rtl ? 'right' : 'left',
        minInterval: 1,
        axisLabel: { color: '#64748b', formatter: format },
        splitLine: { lineStyle: { color: '#e2e8f0' } },
      },
      series: series.map((s) => ({
        type: 'line',
        name: s.name,
        data: s.values,
        symbolSize: 5,
        itemStyle: { color: s.color },
        lineStyle: { color: s.color, width: 2 },
      })),
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [categories, series, format, rtl]);
  return (
    <>
      <ul className="legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.name}>
            <span className="swatch" style={{ background: s.color }} />
            {s.name}
          </li>
        ))}
      </ul>
      <div ref={ref} className="chart" aria-hidden="true" dir="ltr" />
    </>
  );
}
