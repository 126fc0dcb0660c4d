import { BarChart as EBarChart } from 'echarts/charts';
import { GridSimpleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { EChart } from './echart.js';

// Only the pieces the dashboard draws, which keeps the first load small: the grid without the axis pointer
// (about 6 KB gzipped), which only a tooltip would use.
echarts.use([EBarChart, GridSimpleComponent, SVGRenderer]);

const CATEGORY_WIDTH = 110;

export interface Series {
  name: string;
  /** A null value draws no bar and no figure: a period not reached yet has no result to show. */
  values: (number | null)[];
  color: string;
}

/**
 * A bar chart for the eye, its values written on the bars (no tooltip: the
 * numbers are readable at a glance and in print). The legend is plain HTML and
 * a hidden table carries the numbers for screen readers, so the drawing itself
 * is hidden from them.
 */
export function BarChart({
  categories,
  series,
  format,
  horizontal = false,
  max,
  rtl,
}: {
  categories: string[];
  series: Series[];
  /** How a value reads on its bar and axis, in the reader's locale. */
  format: (v: number) => string;
  horizontal?: boolean;
  max?: number;
  rtl: boolean;
}) {
  const option = useMemo(() => {
    const categoryAxis = {
      type: 'category',
      data: categories,
      axisTick: { show: false },
      axisLabel: horizontal
        ? { color: '#475569', interval: 0, width: CATEGORY_WIDTH, overflow: 'truncate' }
        : { color: '#475569', interval: 0 },
    };
    const valueAxis = {
      type: 'value',
      max,
      axisLabel: { color: '#64748b', formatter: format },
      splitLine: { lineStyle: { color: '#e2e8f0' } },
    };
    // Right to left: bars grow from the right and the category axis sits on the right.
    return {
      animation: false,
      textStyle: { fontFamily: 'inherit' },
      // Room for the category names beside horizontal bars and for the values at their ends, on either side.
      grid: horizontal
        ? { left: rtl ? 48 : CATEGORY_WIDTH + 12, right: rtl ? CATEGORY_WIDTH + 12 : 48, top: 8, bottom: 28 }
        : { left: 8, right: 8, top: 20, bottom: 8, containLabel: true },
      xAxis: horizontal ? { ...valueAxis, inverse: rtl } : { ...categoryAxis, inverse: rtl },
      yAxis: horizontal
        ? { ...categoryAxis, inverse: true, position: rtl ? 'right' : 'left' }
        : { ...valueAxis, position: rtl ? 'right' : 'left' },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        itemStyle: { color: s.color, borderRadius: 3 },
        barMaxWidth: horizontal ? 18 : 36,
        label: {
          show: true,
          position: horizontal ? (rtl ? 'left' : 'right') : 'top',
          color: '#334155',
          fontSize: 11,
          formatter: (p: { value: unknown }) => format(Number(p.value)),
        },
      })),
    };
  }, [categories, series, format, horizontal, max, rtl]);

  return <EChart option={option} legend={series.length > 1 ? series : []} />;
}
