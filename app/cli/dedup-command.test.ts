import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dedupCommand } from './dedup-command.js';
import { CliUsageError } from './import-command.js';
import { outputOf, useTempFiles } from './testing/csv-files.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** A UTF-8 export with a BOM, quoted fields with commas, quotes and a line break, and ids that need quoting. */
const QUESTIONS = [
  '\uFEFFid,text',
  'q1,Hoe pak ik pesten aan?',
  'q2,Wat zegt onderzoek over zittenblijven in het lager onderwijs?',
  '"q,3","HOE pak ik  pesten aan!!"',
  'q4,Werkt directe instructie beter dan ontdekkend leren?',
  'q5,"Is ontdekkend leren beter dan directe instructie, of net niet?"',
  'q6,Hoeveel schermtijd is gezond voor kleuters?',
  '"q""7","Dag,\nhoe pak ik pesten aan? Alvast bedankt."',
  'q8,Hoe betrek ik anderstalige ouders bij de school?',
  ''
].join('\n');

const EXPECTED = ['id,duplicate_of', 'q1,', 'q2,', '"q,3",q1', 'q4,', 'q5,q4', 'q6,', '"q""7",q1', 'q8,'];

const { file } = useTempFiles('kw-dedup-');
const lines = (args: string[]) => outputOf(dedupCommand, args);

describe('cli dedup', () => {
  it('prints id,duplicate_of for every row in file order, pointing to the first occurrence', async () => {
    expect(await lines([await file('q.csv', QUESTIONS)])).toEqual(EXPECTED);
  });

  it('reads "question" when there is no "text" column, and takes other column names', async () => {
    const fallback = await file('v.csv', QUESTIONS.replace('id,text', 'id,question'));
    expect(await lines([fallback])).toEqual(EXPECTED);

    const renamed = await file('w.csv', QUESTIONS.replace('id,text', 'nr,vraag'));
    const out = await lines([renamed, '--text-column', 'vraag', '--id-column', 'nr']);
    expect(out).toEqual(EXPECTED);
  });

  it.each([
    { description: 'a missing file', args: ['geen.csv'], message: /Cannot read geen\.csv/ },
    { description: 'a second file', args: ['FILE', 'FILE'], message: /dedup takes exactly one CSV file/ },
    { description: 'an unknown option', args: ['FILE', '--drempel', '0.3'], message: /Unknown option '--drempel'/ },
    {
      description: 'a missing text column',
      args: ['FILE', '--text-column', 'vraag'],
      message: /no column "vraag"; columns found: id, text/
    },
    {
      description: 'a missing id column',
      args: ['FILE', '--id-column', 'nr'],
      message: /no column "nr"; columns found: id, text/
    }
  ])('refuses $description with a clear message', async ({ args, message }) => {
    const input = await file('x.csv', 'id,text\na,Hoe leer ik breuken?\n');
    const call = lines(args.map((a) => (a === 'FILE' ? input : a)));
    await expect(call).rejects.toThrow(CliUsageError);
    await expect(call).rejects.toThrow(message);
  });

  it('refuses a file without text or question column, naming the columns found', async () => {
    const input = await file('y.csv', 'id,vraag\na,Hoe leer ik breuken?\n');
    await expect(lines([input])).rejects.toThrow(/no column "text"; columns found: id, vraag/);
  });

  it('refuses an id that occurs twice, as duplicate_of would be ambiguous', async () => {
    const input = await file('z.csv', 'id,text\na,Hoe leer ik breuken?\na,Hoe leer ik breuken?\n');
    await expect(lines([input])).rejects.toThrow(/row 3: id "a" occurs twice/);
  });

  it('writes only the CSV on stdout when run as `npm run --silent cli -- dedup`', async () => {
    const input = await file('cli.csv', QUESTIONS);
    const { stdout } = await run('npm', ['run', '--silent', 'cli', '--', 'dedup', input], { cwd: root });
    expect(stdout).toBe(`${EXPECTED.join('\n')}\n`);
  });
});
