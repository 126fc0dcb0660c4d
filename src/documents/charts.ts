import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

const INK = '#1f2933';
const ACCENT = '#2f5d8a';
const MUTED = '#9aa5b1';
const FONT = 'Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, sans-serif';

/** Renders an option to an SVG string on the server (no DOM, no canvas). */
function svg(option: echarts.EChartsCoreOption, width = 640, height = 240): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT, color: INK }, ...option });
  const out = chart.renderToSVGString();
  chart.dispose();
  return out;
}

/** Horizontal bars of execution rates (0–100 %), one per bucket. */
export function rateBars(buckets: { label: string; rate: number | null }[], rtl: boolean): string {
  return svg(
    {
      grid: { left: rtl ? 40 : 150, right: rtl ? 150 : 40, top: 10, bottom: 30 },
      xAxis: {
        type: 'value',
        max: 100,
        inverse: rtl,
        axisLabel: { formatter: '{value} %' },
        splitLine: { lineStyle: { color: '#e4e7eb' } },
      },
      yAxis: { type: 'category', position: rtl ? 'right' : 'left', data: buckets.map((b) => b.label), axisTick: { show: false } },
      series: [
        { type: 'bar', data: buckets.map((b) => Math.round((b.rate ?? 0) * 100)), itemStyle: { color: ACCENT }, barMaxWidth: 18 },
      ],
    },
    640,
    Math.max(120, 40 + buckets.length * 26),
  );
}

/** Cumulative planned and conducted activities over the plan period. */
export function curveLines(
  points: { label: string; planned: number; actual: number | null }[],
  names: { planned: string; actual: string },
  rtl: boolean,
) {
  return svg({
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    legend: { top: 0, data: [names.planned, names.actual], textStyle: { color: INK } },
    xAxis: { type: 'category', inverse: rtl, data: points.map((p) => p.label), boundaryGap: false },
    yAxis: { type: 'value', position: rtl ? 'right' : 'left', minInterval: 1, splitLine: { lineStyle: { color: '#e4e7eb' } } },
    series: [
      {
        name: names.planned,
        type: 'line',
        data: points.map((p) => p.planned),
        lineStyle: { color: MUTED, type: 'dashed' },
        itemStyle: { color: MUTED },
      },
      {
        name: names.actual,
        type: 'line',
        data: points.map((p) => p.actual),
        lineStyle: { color: ACCENT, width: 2 },
        itemStyle: { color: ACCENT },
      },
    ],
  });
}
