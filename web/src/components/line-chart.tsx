import { LineChart as ELineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { EChart } from './echart.js';

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
  const option = useMemo(
    () => ({
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
    }),
    [categories, series, format, rtl],
  );
  return <EChart option={option} legend={series} />;
}
