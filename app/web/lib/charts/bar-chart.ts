import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  LinearScale,
  Tooltip
} from 'chart.js';
import type { Attachment } from 'svelte/attachments';
import { ACCENT, GRID, INK } from './palette';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface BarChartOptions {
  labels: string[];
  values: (number | null)[];
  /** Bars run left to right with the labels on the side: long theme names stay readable. */
  horizontal?: boolean;
  /** Axis bounds of the value scale, e.g. the ends of a rating scale. */
  min?: number;
  max?: number;
  /** Label under the value axis. */
  valueLabel?: string;
  /** How a value reads in the tooltip (locale formatting). */
  format?: (value: number) => string;
  /** How a tick on the value axis reads; by default as `format`. */
  tickFormat?: (value: number) => string;
  /** Distance between ticks on the value axis. */
  step?: number;
  /** Locale for Chart.js's own number formatting. */
  locale?: string;
  /** Longer category labels are cut short on the axis; the tooltip and the table keep them whole. */
  labelLength?: number;
}

function shorten(label: string, length: number): string {
  return label.length > length ? `${label.slice(0, length - 1)}…` : label;
}

/** Chart.js bar chart attached to a canvas; the chart is destroyed when the canvas goes or the data change. */
export function barChart(options: BarChartOptions): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const format = options.format ?? ((value: number) => String(value));
    // On a phone the label axis may take only a part of the width: shorter labels keep the bars readable.
    const labelLength = options.labelLength ?? ((canvas.parentElement?.clientWidth ?? 800) < 480 ? 14 : 32);
    const tickFormat = options.tickFormat ?? format;
    const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const config: ChartConfiguration<'bar', (number | null)[], string> = {
      type: 'bar',
      data: {
        labels: options.labels,
        datasets: [
          { data: options.values, backgroundColor: ACCENT, borderColor: ACCENT, borderWidth: 1, maxBarThickness: 32 }
        ]
      },
      options: {
        indexAxis: options.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 300 },
        locale: options.locale,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => items.map((item) => options.labels[item.dataIndex] ?? ''),
              label: (item) => format(Number(item.raw))
            }
          }
        },
        scales: {
          [options.horizontal ? 'x' : 'y']: {
            min: options.min,
            max: options.max,
            beginAtZero: options.min === undefined,
            grid: { color: GRID },
            ticks: {
              color: INK,
              stepSize: options.step,
              callback: (value: string | number) => tickFormat(Number(value))
            },
            title: { display: Boolean(options.valueLabel), text: options.valueLabel ?? '', color: INK }
          },
          [options.horizontal ? 'y' : 'x']: {
            grid: { display: false },
            ticks: {
              color: INK,
              autoSkip: false,
              callback(value: string | number) {
                return shorten(this.getLabelForValue(Number(value)), labelLength);
              }
            }
          }
        }
      }
    };
    const chart = new Chart(canvas, config);
    return () => chart.destroy();
  };
}
