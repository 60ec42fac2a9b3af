// Bar charts with ECharts (only its bar chart, grid, tooltip and legend on the canvas
// renderer, to keep the page small). A bar's length is the integer fen of an engine money
// string (format.js) or a count; every label and tooltip shows the engine's own string.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { count } from './format.js';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export const COLORS = { baseline: '#8596aa', candidate: '#d4380d' };
const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const charts = new Set();

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An axis tick in fen (an integer ECharts chose) as whole yuan: "¥12,000". */
function tickYuan(fen) {
  if (!Number.isInteger(fen)) return '';
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const whole = digits.slice(0, -2);
  const cents = digits.slice(-2);
  return `${fen < 0 ? '-' : ''}¥${count(whole)}${cents === '00' ? '' : `.${cents}`}`;
}

/**
 * Draws grouped bars in `el`: `categories` along x, `series` `[{name, key, points:
 * [{value, label}]}]` (value a number for geometry, label the text shown), `money` whether
 * values are fen. Answers the chart; disposeCharts() releases every chart drawn.
 */
export function barChart(el, { categories, series, money = true, horizontal = false }) {
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  charts.add(chart);
  const valueAxis = {
    type: 'value',
    minInterval: money ? 100 : 1,
    axisLabel: { formatter: money ? tickYuan : (v) => (Number.isInteger(v) ? count(v) : ''), fontFamily: FONT, color: '#7a7066' },
    splitLine: { lineStyle: { color: '#eee6da' } },
  };
  const categoryAxis = { type: 'category', data: categories, axisLabel: { fontFamily: FONT, color: '#2b2622', interval: 0, hideOverlap: true, rotate: categories.length > 6 ? 30 : 0 }, axisTick: { alignWithLabel: true } };
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    color: series.map((s) => COLORS[s.key] ?? '#3f7d4e'),
    grid: { left: 12, right: 16, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: { top: 0, left: 0, textStyle: { fontFamily: FONT } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      // ECharts renders a tooltip as HTML: names (tier names, member ids) are escaped.
      formatter: (items) => [escapeHtml(items[0]?.name ?? ''), ...items.map((i) => `${i.marker}${escapeHtml(i.seriesName)}　${escapeHtml(i.data.text)}`)].join('<br>'),
    },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: series.map((s) => ({
      name: s.name,
      type: 'bar',
      barMaxWidth: 36,
      data: s.points.map((p) => ({ value: p.value, text: p.label })),
    })),
  });
  return chart;
}

export function disposeCharts() {
  for (const c of charts) c.dispose();
  charts.clear();
}

export function resizeCharts() {
  for (const c of charts) c.resize();
}
