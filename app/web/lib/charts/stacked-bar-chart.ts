import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  Tooltip
} from 'chart.js';
import type { Attachment } from 'svelte/attachments';
import { categoricalColour, GRID, INK } from './palette';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface StackedBarChartOptions {
  /** One bar per label, e.g. per committee. */
  labels: string[];
  /** The parts stacked in every bar, in order; each has a value per label. */
  series: { label: string; values: number[] }[];
  /** Label under the value axis. */
  valueLabel?: string;
  /** How a value reads on the axis and in the tooltip (locale formatting). */
  format?: (value: number) => string;
  locale?: string;
}

function shorten(label: string, length: number): string {
  return label.length > length ? `${label.slice(0, length - 1)}…` : label;
}

/** Horizontal stacked bars (Chart.js), destroyed when the canvas goes or the data change. */
export function stackedBarChart(options: StackedBarChartOptions): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const format = options.format ?? ((value: number) => String(value));
    // On a phone the label axis may take only a part of the width; the tooltip and the table keep names whole.
    const labelLength = (canvas.parentElement?.clientWidth ?? 800) < 480 ? 14 : 32;
    const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const config: ChartConfiguration<'bar', number[], string> = {
      type: 'bar',
      data: {
        labels: options.labels,
        datasets: options.series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: categoricalColour(i),
          // A white seam between the parts of a bar: each part meets white, against which every colour has 3:1.
          borderColor: '#ffffff',
          borderWidth: 1,
          maxBarThickness: 36
        }))
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 300 },
        locale: options.locale,
        plugins: {
          legend: { position: 'bottom', labels: { color: INK, boxWidth: 14 } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${format(Number(item.raw))}` } }
        },
        scales: {
          x: {
            stacked: true,
            beginAtZero: true,
            grid: { color: GRID },
            ticks: { color: INK, precision: 0, callback: (value: string | number) => format(Number(value)) },
            title: { display: Boolean(options.valueLabel), text: options.valueLabel ?? '', color: INK }
          },
          y: {
            stacked: true,
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
