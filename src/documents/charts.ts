import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, SVGRenderer]);

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

/** Horizontal bars, one per category, laid out right to left when `rtl`: the grid and axes the charts below share. */
function horizontal(labels: string[], rtl: boolean, xAxis: Record<string, unknown>, legend: string[]) {
  return {
    grid: { left: rtl ? 40 : 150, right: rtl ? 150 : 40, top: legend.length ? 40 : 10, bottom: 30 },
    legend: { show: legend.length > 0, top: 0, data: legend, textStyle: { color: INK } },
    xAxis: { type: 'value', inverse: rtl, splitLine: { lineStyle: { color: '#e4e7eb' } }, ...xAxis },
    yAxis: { type: 'category', inverse: true, position: rtl ? 'right' : 'left', data: labels, axisTick: { show: false } },
  };
}

const height = (rows: number, legend: boolean) => Math.max(120, (legend ? 60 : 40) + rows * 26);

/**
 * The flip points of each criterion on a scale from 0 to 1: its weight now as
 * a bar, and the weights where the first place changes as marks across it.
 */
export function flipBars(
  rows: { label: string; weight: number; flips: number[] }[],
  names: { weight: string; flip: string },
  rtl: boolean,
): string {
  return svg(
    {
      ...horizontal(
        rows.map((r) => r.label),
        rtl,
        { min: 0, max: 1 },
        [names.weight, names.flip],
      ),
      series: [
        { name: names.weight, type: 'bar', data: rows.map((r) => r.weight), itemStyle: { color: MUTED }, barMaxWidth: 14 },
        {
          name: names.flip,
          type: 'scatter',
          symbol: 'rect',
          symbolSize: [3, 20],
          itemStyle: { color: ACCENT },
          data: rows.flatMap((r, i) => r.flips.map((w) => [w, i])),
        },
      ],
    },
    640,
    height(rows.length, true),
  );
}

/** One colour per rank, first to last, as on the web's evaluation page. */
const RANK_COLOURS = ['#1d4ed8', '#60a5fa', '#f59e0b', '#f97316', '#ef4444', '#a855f7', '#14b8a6', '#64748b'];

/** Each offer's share of draws at each rank (0–100 %), stacked in one bar per offer, first rank first. */
export function rankStacks(offers: { label: string; shares: number[] }[], ranks: string[], rtl: boolean): string {
  return svg(
    {
      ...horizontal(
        offers.map((o) => o.label),
        rtl,
        { max: 100, axisLabel: { formatter: '{value} %' } },
        ranks,
      ),
      series: ranks.map((name, k) => ({
        name,
        type: 'bar',
        stack: 'ranks',
        barMaxWidth: 18,
        itemStyle: { color: RANK_COLOURS[k % RANK_COLOURS.length] },
        data: offers.map((o) => Math.round((o.shares[k] ?? 0) * 1000) / 10),
      })),
    },
    640,
    height(offers.length, true),
  );
}
