import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const shared = path.resolve(root, '../shared/data');
let dir: string;

async function dryRun(file: string, ...extra: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(dir, 'data') };
  delete env.DATABASE_URL;
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'app/cli/main.ts', 'import', file, '--dry-run', '--json', ...extra],
    {
      cwd: root,
      env
    }
  );
  return stdout;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kw-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run --silent cli -- import FILE --dry-run --json', () => {
  it('prints exactly one JSON object with the contract keys in order, and stores nothing', async () => {
    const stdout = await dryRun(path.join(shared, 'vraagpunt-export.csv'));
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual([
      'format',
      'encoding',
      'delimiter',
      'headerRows',
      'rows',
      'textColumns',
      'questions',
      'rejected',
      'sample'
    ]);
    expect(report).toMatchObject({
      format: 'vraagpunt',
      encoding: 'windows-1252',
      delimiter: ';',
      headerRows: 1,
      rows: 60,
      textColumns: ['Uw vraag']
    });
    expect(report.rejected[0]).toEqual({ row: 3, reason: 'empty' });
    expect(report.sample[0]).toEqual({
      row: 2,
      column: 'Uw vraag',
      text: 'Mijn kleuters (K2) willen niet opruimen. Elke dag een strijd. Tips?'
    });
  });

  it.each([
    {
      file: 'external/survey-exports/googleforms_uva_ds4002_sp24_opentext.csv',
      expected: { format: 'googleforms', encoding: 'utf-8', delimiter: ',', headerRows: 1, rows: 91 }
    },
    {
      file: 'external/survey-exports/surveymonkey_538_sleeping_alone_2header_cp1252.csv',
      expected: { format: 'surveymonkey', encoding: 'windows-1252', delimiter: ',', headerRows: 2, rows: 1093 }
    },
    {
      file: 'external/survey-exports/limesurvey_cppsurvey_fullheadings_head.csv',
      expected: { format: 'limesurvey', encoding: 'utf-8', delimiter: ',', headerRows: 1, rows: 124 }
    },
    {
      file: 'external/survey-exports/qualtrics_qualtRics_sample_3header.csv',
      expected: { format: 'qualtrics', encoding: 'utf-8', delimiter: ',', headerRows: 3, rows: 1, questions: 1 }
    },
    {
      file: 'external/survey-exports/qualtrics_qualtRics_sample_legacy_bom.csv',
      expected: { format: 'qualtrics', encoding: 'utf-8-bom', delimiter: ',', headerRows: 2, rows: 1, questions: 1 }
    },
    {
      file: 'external/survey-exports/kobotoolbox_kpi_export_es_semicolon_hxl.csv',
      expected: { format: 'kobo', encoding: 'utf-8', delimiter: ';', headerRows: 2, rows: 3 }
    },
    {
      file: 'external/survey-exports/msforms_uva_ds4002_fa24_cp1252.csv',
      expected: { format: 'msforms', encoding: 'windows-1252', delimiter: ',', headerRows: 1, rows: 187 }
    },
    {
      file: 'focusgroep-secundair-notes.md',
      expected: { format: 'notes', encoding: 'utf-8', delimiter: null, headerRows: 0, rows: 30, questions: 30 }
    }
  ])('recognises $file', async ({ file, expected }) => {
    expect(JSON.parse(await dryRun(path.join(shared, file)))).toMatchObject(expected);
  });

  it('uses the text columns named with --text-column', async () => {
    const report = JSON.parse(
      await dryRun(
        path.join(shared, 'external/survey-exports/msforms_uva_ds4002_fa24_cp1252.csv'),
        '--text-column',
        'What is your major?'
      )
    );
    expect(report.textColumns).toEqual(['What is your major?']);
    expect(report.questions).toBeGreaterThan(150);
  });

  it('reads a Microsoft Forms .xlsx export', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['ID', 'Start time', 'Completion time', 'Email', 'Name', 'Welke kennisvraag heb je voor Leerpunt?']);
    sheet.addRow([
      1,
      new Date('2024-01-10T10:00:00Z'),
      new Date('2024-01-10T10:05:00Z'),
      'anonymous',
      '',
      'Hoe begeleid ik leerlingen met dyslexie bij taaltoetsen?'
    ]);
    sheet.addRow([
      2,
      new Date('2024-01-11T09:00:00Z'),
      new Date('2024-01-11T09:04:00Z'),
      'anonymous',
      '',
      'Wat werkt om ouders te betrekken bij huiswerk in het lager onderwijs?'
    ]);
    const file = path.join(dir, 'forms.xlsx');
    await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const report = JSON.parse(await dryRun(file));
    expect(report).toMatchObject({
      format: 'msforms',
      encoding: null,
      delimiter: null,
      headerRows: 1,
      rows: 2,
      textColumns: ['Welke kennisvraag heb je voor Leerpunt?'],
      questions: 2
    });
    expect(report.sample[1]).toEqual({
      row: 3,
      column: 'Welke kennisvraag heb je voor Leerpunt?',
      text: 'Wat werkt om ouders te betrekken bij huiswerk in het lager onderwijs?'
    });
  });
});
