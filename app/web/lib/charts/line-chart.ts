import {
  CategoryScale,
  Chart,
  type ChartConfiguration,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip
} from 'chart.js';
import type { Attachment } from 'svelte/attachments';
import { ACCENT, GRID, INK } from './palette';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip);

export interface LineChartOptions {
  labels: string[];
  values: (number | null)[];
  /** A point drawn larger and as a square (not by colour alone), e.g. the chosen k. */
  highlight?: number;
  /** Axis bounds of the value scale. */
  min?: number;
  max?: number;
  /** Labels under the axes. */
  categoryLabel?: string;
  valueLabel?: string;
  /** How a value reads in the tooltip and on the axis (locale formatting). */
  format?: (value: number) => string;
  /** Locale for Chart.js's own number formatting. */
  locale?: string;
}

/** Chart.js line chart attached to a canvas; the chart is destroyed when the canvas goes or the data change. */
export function lineChart(options: LineChartOptions): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const format = options.format ?? ((value: number) => String(value));
    const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const marked = (index: number) => index === options.highlight;
    const config: ChartConfiguration<'line', (number | null)[], string> = {
      type: 'line',
      data: {
        labels: options.labels,
        datasets: [
          {
            data: options.values,
            borderColor: ACCENT,
            backgroundColor: ACCENT,
            borderWidth: 2,
            spanGaps: false,
            pointRadius: options.values.map((_, i) => (marked(i) ? 7 : 3)),
            pointStyle: options.values.map((_, i) => (marked(i) ? 'rect' : 'circle'))
          }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        // Room for the larger marked point at the ends of the line.
        layout: { padding: { top: 8, right: 12 } },
        animation: reduceMotion ? false : { duration: 300 },
        locale: options.locale,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => format(Number(item.raw)) } }
        },
        scales: {
          y: {
            min: options.min,
            max: options.max,
            grid: { color: GRID },
            ticks: { color: INK, callback: (value: string | number) => format(Number(value)) },
            title: { display: Boolean(options.valueLabel), text: options.valueLabel ?? '', color: INK }
          },
          x: {
            grid: { display: false },
            ticks: { color: INK },
            title: { display: Boolean(options.categoryLabel), text: options.categoryLabel ?? '', color: INK }
          }
        }
      }
    };
    const chart = new Chart(canvas, config);
    return () => chart.destroy();
  };
}
