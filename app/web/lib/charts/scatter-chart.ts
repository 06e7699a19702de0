import { Chart, type ChartConfiguration, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import type { Attachment } from 'svelte/attachments';
import { ACCENT, GRID, INK } from './palette';

Chart.register(ScatterController, PointElement, LinearScale, Tooltip);

export interface ScatterPoint {
  x: number;
  y: number;
  /** What the point stands for (a theme's name), shown in its tooltip. */
  label: string;
  /** The point's own colour (e.g. its theme's); the accent colour by default. Never the only cue: name it in `label`. */
  color?: string;
  /** The tooltip's second line; the point's coordinates by default. */
  detail?: string;
}

export interface ScatterChartOptions {
  points: ScatterPoint[];
  /** Labels under the horizontal and beside the vertical axis. */
  xLabel: string;
  yLabel: string;
  /** Axis bounds, the same on both axes so that the diagonal means "equal", e.g. the ends of a rating scale. */
  min?: number;
  max?: number;
  /** How a value reads in the tooltip (locale formatting). */
  format?: (value: number) => string;
  /** How a tick on the axes reads; by default as `format`. */
  tickFormat?: (value: number) => string;
  /** Locale for Chart.js's own number formatting. */
  locale?: string;
  /** Called when a point is clicked (the pointer becomes a hand over points when given). */
  onpointclick?: (point: ScatterPoint, index: number) => void;
}

/** Chart.js scatter plot attached to a canvas; the chart is destroyed when the canvas goes or the data change. */
export function scatterChart(options: ScatterChartOptions): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const format = options.format ?? ((value: number) => String(value));
    const tickFormat = options.tickFormat ?? format;
    const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const axis = (title: string) => ({
      min: options.min,
      max: options.max,
      grid: { color: GRID },
      ticks: { color: INK, callback: (value: string | number) => tickFormat(Number(value)) },
      title: { display: true, text: title, color: INK }
    });
    const config: ChartConfiguration<'scatter', ScatterPoint[]> = {
      type: 'scatter',
      data: {
        datasets: [
          {
            data: options.points,
            backgroundColor: options.points.map((point) => point.color ?? ACCENT),
            borderColor: options.points.map((point) => point.color ?? ACCENT),
            pointRadius: 5,
            pointHoverRadius: 7
          }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 300 },
        locale: options.locale,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => items.map((item) => options.points[item.dataIndex]?.label ?? ''),
              label: (item) => {
                const point = options.points[item.dataIndex];
                if (point?.detail !== undefined) return point.detail;
                return point ? `${options.xLabel}: ${format(point.x)} · ${options.yLabel}: ${format(point.y)}` : '';
              }
            }
          }
        },
        scales: { x: axis(options.xLabel), y: axis(options.yLabel) },
        onClick: (_event, elements) => {
          const index = elements[0]?.index;
          const point = index === undefined ? undefined : options.points[index];
          if (point && index !== undefined) options.onpointclick?.(point, index);
        },
        onHover: (event, elements) => {
          if (!options.onpointclick) return;
          const target = event.native?.target;
          if (target instanceof HTMLElement) target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
        }
      }
    };
    const chart = new Chart(canvas, config);
    return () => chart.destroy();
  };
}
