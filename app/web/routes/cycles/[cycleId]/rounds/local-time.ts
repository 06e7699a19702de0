/**
 * Planned dates are entered in a `datetime-local` field, in Belgian time whatever the browser's or server's own
 * zone, so a page rendered on the server reads the same after hydration.
 */
const TIME_ZONE = 'Europe/Brussels';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23'
});

/** An instant as a `datetime-local` value in Belgian time: "2026-12-10T09:00". */
export function toLocalInput(value: string | Date | null): string {
  if (value === null) return '';
  const p = Object.fromEntries(parts.formatToParts(new Date(value)).map((part) => [part.type, part.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** A `datetime-local` value read as Belgian time, as an ISO instant; null when empty or not a date. */
export function fromLocalInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at that moment: try the wall time as UTC, see how far Brussels reads it off, correct twice
  // (the second pass settles the days the clocks change).
  let instant = wall;
  for (let i = 0; i < 2; i++) {
    const shown = toLocalInput(new Date(instant));
    const [d, t] = shown.split('T') as [string, string];
    const [y, mo, da] = d.split('-').map(Number) as [number, number, number];
    const [h, mi] = t.split(':').map(Number) as [number, number];
    instant += wall - Date.UTC(y, mo - 1, da, h, mi);
  }
  return Number.isNaN(instant) ? null : new Date(instant).toISOString();
}
