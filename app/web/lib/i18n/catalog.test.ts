import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './messages/en.json';
import nl from './messages/nl-BE.json';

const webRoot = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'i18n' ? [] : sourceFiles(full);
    return /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('message catalogues', () => {
  it('have the same keys in nl-BE and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });

  it('give every plural an "other" form', () => {
    for (const key of Object.keys(nl)) {
      const base = /^(.*)_(zero|one|two|few|many)$/.exec(key)?.[1];
      if (base) expect(Object.keys(nl), key).toContain(`${base}_other`);
    }
  });

  it('have no empty messages', () => {
    for (const [key, text] of [...Object.entries(nl), ...Object.entries(en)]) expect(text.trim(), key).not.toBe('');
  });

  it('keep the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(nl) as (keyof typeof nl)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(nl[key]));
    }
  });

  it('hold every key the pages ask for', () => {
    const used = sourceFiles(webRoot).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.-]+)'/g)].map((m) => ({ file, key: m[1]! }))
    );
    expect(used.length).toBeGreaterThan(10);
    // t('x', { count }) reads the plural forms x_one / x_other.
    const known = new Set(Object.keys(nl).map((key) => key.replace(/_(zero|one|two|few|many|other)$/, '')));
    for (const { file, key } of used) expect([...known], `${path.relative(webRoot, file)}: ${key}`).toContain(key);
  });
});
