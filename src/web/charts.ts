/**
 * Charts drawn on the server as SVG with ECharts' SSR renderer: the pages need no script, and the
 * same SVG can go into a chat message or a file later. Each call makes, renders and disposes one
 * chart instance; the SVG is kept by its options (the last 64 charts), so an unchanged chart is
 * not drawn again. The text is the page's font (CJK-capable).
 */
import { createRequire } from 'node:module';
import { BoundedCache } from '../domain/bounded-cache.js';

/**
 * ECharts is loaded with the first chart drawn, not at start (issue 14: 0.4–1.1 s and 20–44 MB
 * that a server which never shows a chart would pay). Its CommonJS build is one file, where the
 * ES module build is 600.
 */
let loaded: typeof import('echarts') | undefined;
const echartsLib = (): typeof import('echarts') => (loaded ??= createRequire(import.meta.url)('echarts') as typeof import('echarts'));

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/** What a bar chart shows; the same options always give the same SVG. */
export interface BarChartOptions {
  title: string;
  categories: string[];
  series: Array<{ name: string; data: number[] }>;
  width?: number;
  height?: number;
}

/** Recently drawn charts by their options: drawing costs 10–30 ms, and figures rarely change between requests. */
const drawn = new BoundedCache<string, string>(64);

/** A grouped bar chart: one bar per series at each category (memoized by its options). */
export function barChart(opts: BarChartOptions): string {
  const key = JSON.stringify(opts);
  const hit = drawn.get(key);
  if (hit !== undefined) return hit;
  const svg = drawBarChart(opts);
  drawn.set(key, svg);
  return svg;
}

function drawBarChart(opts: BarChartOptions): string {
  const chart = echartsLib().init(null, null, { renderer: 'svg', ssr: true, width: opts.width ?? 720, height: opts.height ?? 320 });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT },
      title: { text: opts.title, left: 'center', top: 4, textStyle: { fontSize: 14 } },
      legend: { top: 32 },
      grid: { left: 48, right: 16, top: 72, bottom: 56 },
      xAxis: { type: 'category', data: opts.categories, axisLabel: { interval: 0, rotate: opts.categories.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: opts.series.map((s) => ({ type: 'bar', name: s.name, data: s.data, label: { show: true, position: 'top' } })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
