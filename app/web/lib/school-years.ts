/** The school year a day falls in: 1 September – 31 August, written "2024–2025". */
export function schoolYearOf(isoDate: string): number {
  const [year, month] = isoDate.split('-').map(Number) as [number, number];
  return month >= 9 ? year : year - 1;
}

/** School years a cycle spans, e.g. 2024-09-01 … 2027-08-31 → ["2024–2025", "2025–2026", "2026–2027"]. */
export function schoolYears(startsOn: string, endsOn: string): string[] {
  const years: string[] = [];
  for (let y = schoolYearOf(startsOn); y <= schoolYearOf(endsOn); y++) years.push(`${y}–${y + 1}`);
  return years;
}
