import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { clusterCommand } from './cluster-command.js';
import { CliUsageError } from './import-command.js';
import { outputOf, useTempFiles } from './testing/csv-files.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

const topics = {
  rekenen: [
    'Hoe herken ik dyscalculie bij rekenen?',
    'Hoe oefen ik de tafels bij rekenen?',
    'Hoe leer ik breuken bij rekenen?'
  ],
  pesten: [
    'Hoe pak ik pesten op de speelplaats aan?',
    'Wat doet pesten met welbevinden?',
    'Hoe voorkom ik online pesten?'
  ],
  lezen: [
    'Hoe oefen ik begrijpend lezen?',
    'Werkt voorlezen voor de woordenschat?',
    'Hoe maak ik lezen leuk en vergroot ik de woordenschat?'
  ]
};
const rows = Object.entries(topics).flatMap(([topic, texts]) =>
  texts.map((text, i) => ({ id: `${topic}-${i}`, text }))
);
const csv = (header: string, lines: string[]) => `${header}\n${lines.join('\n')}\n`;
const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;

const { file } = useTempFiles('kw-cluster-');
const lines = (args: string[]) => outputOf(clusterCommand, args);

describe('cli cluster', () => {
  it('prints id,cluster,label for every row in file order, one cluster per topic', async () => {
    const input = await file(
      'q.csv',
      csv(
        'id,text',
        rows.map((r) => `${r.id},${quote(r.text)}`)
      )
    );
    const out = await lines([input, '--k', '3']);
    expect(out[0]).toBe('id,cluster,label');
    const parsed = out.slice(1).map((line) => line.match(/^([^,]+),(-?\d+),(.*)$/)!);
    expect(parsed.map((m) => m[1])).toEqual(rows.map((r) => r.id));
    for (const topic of Object.keys(topics)) {
      const clusters = new Set(parsed.filter((m) => m[1]!.startsWith(topic)).map((m) => m[2]));
      expect(clusters.size).toBe(1);
    }
  });

  it('names the seed theme as label, reads "question" when there is no "text" column, and other id columns', async () => {
    const input = await file(
      'v.csv',
      csv(
        'nr,question',
        rows.map((r) => `${r.id},${quote(r.text)}`)
      )
    );
    const seeds = await file(
      't.csv',
      csv('theme,description', ['Wiskunde,"Rekenen, tafels, breuken en dyscalculie."'])
    );
    const out = await lines([input, '--id-column', 'nr', '--seed-themes', seeds]);
    for (const line of out.filter((l) => l.startsWith('rekenen'))) expect(line).toMatch(/^rekenen-\d,0,Wiskunde$/);
  });

  it('takes example questions per theme', async () => {
    const input = await file(
      'w.csv',
      csv(
        'id,text',
        rows.map((r) => `${r.id},${quote(r.text)}`)
      )
    );
    const examples = await file('e.csv', csv('text,theme', ['Hoe pak ik pestgedrag aan?,Welbevinden']));
    const out = await lines([input, '--seed-examples', examples]);
    expect(out.filter((l) => l.endsWith(',0,Welbevinden')).length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    { description: 'a missing file', args: ['geen.csv'], message: /Cannot read geen\.csv/ },
    { description: 'a bad k', args: ['FILE', '--k', 'veel'], message: /--k must be "auto" or a positive whole number/ },
    {
      description: 'a missing column',
      args: ['FILE', '--text-column', 'vraag'],
      message: /no column "vraag"; columns found: id, text/
    }
  ])('refuses $description with a clear message', async ({ args, message }) => {
    const input = await file('x.csv', csv('id,text', ['a,Hoe leer ik breuken?']));
    const call = lines(args.map((a) => (a === 'FILE' ? input : a)));
    await expect(call).rejects.toThrow(CliUsageError);
    await expect(call).rejects.toThrow(message);
  });

  it('writes only the CSV on stdout when run as `npm run --silent cli -- cluster`', async () => {
    const input = await file(
      'y.csv',
      csv(
        'id,text',
        rows.map((r) => `${r.id},${quote(r.text)}`)
      )
    );
    const { stdout } = await run('npm', ['run', '--silent', 'cli', '--', 'cluster', input, '--k', '3'], { cwd: root });
    const out = stdout.split('\n');
    expect(out[0]).toBe('id,cluster,label');
    expect(out).toHaveLength(rows.length + 2);
    expect(out.at(-1)).toBe('');
  });
});
