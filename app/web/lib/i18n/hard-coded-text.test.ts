import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

/**
 * Every word a person reads comes from the message catalogues (t('key')), so that it exists in Dutch and English:
 * no letters in a template's text, nor in the attributes that are read out or shown.
 */

const webRoot = path.resolve(import.meta.dirname, '../..');
const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label']);
const WORD = /\p{L}{2,}/u;

interface Node {
  type?: string;
  [key: string]: unknown;
}

/** The hard-coded texts of one component's markup: its Text nodes and text attributes holding words. */
function hardCodedTexts(source: string): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    if (node.type === 'Text' && typeof node.data === 'string' && WORD.test(node.data)) found.push(node.data.trim());
    // A <style> or <script> inside the markup (in <svelte:head>, say) holds code, not text.
    if (
      (node.type === 'RegularElement' && (node.name === 'style' || node.name === 'script')) ||
      node.type === 'Comment'
    )
      return;
    for (const [key, child] of Object.entries(node)) {
      // Attributes are text only when read out or shown; class, id, href and style directives are code.
      if (key === 'attributes') (child as Node[]).forEach(checkAttribute);
      else if (key !== 'metadata') visit(child);
    }
  };
  const checkAttribute = (attribute: Node) => {
    if (attribute.type !== 'Attribute' || !TEXT_ATTRIBUTES.has(String(attribute.name))) return;
    if (!Array.isArray(attribute.value)) return;
    for (const part of attribute.value as Node[]) {
      if (part.type === 'Text' && WORD.test(String(part.data))) found.push(`${attribute.name}="${part.data}"`);
    }
  };
  // Only the markup: the root's instance and module scripts and its <style> are left out.
  visit(parse(source, { modern: true }).fragment);
  return found;
}

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return svelteFiles(full);
    return entry.name.endsWith('.svelte') ? [full] : [];
  });
}

describe('hard-coded text in components', () => {
  it.each([
    { description: 'text in an element', source: '<p>Hallo</p>', expected: ['Hallo'] },
    {
      description: 'an aria-label',
      source: '<button aria-label="Sluiten">×</button>',
      expected: ['aria-label="Sluiten"']
    },
    {
      description: 'a title and a placeholder',
      source: '<input title="Zoek" placeholder="bv. lezen" />',
      expected: ['title="Zoek"', 'placeholder="bv. lezen"']
    },
    { description: 'a component’s label prop', source: '<BarChart label="Scores" />', expected: ['label="Scores"'] },
    {
      description: 'text inside a block',
      source: '{#if open}<span>Open</span>{:else}Dicht{/if}',
      expected: ['Open', 'Dicht']
    },
    {
      description: 'translated text',
      source: "<p>{t('app.name')}</p><img alt={t('x')} src=\"a.png\" />",
      expected: []
    },
    { description: 'punctuation and single letters', source: '<p>{a} · {b} (x) – 1</p>', expected: [] },
    {
      description: 'code attributes and style directives',
      source: '<div class="table-wrap" id="main" style:height="{h}px"><a href="/login">{t(\'a\')}</a></div>',
      expected: []
    },
    {
      description: 'scripts, styles and comments',
      source: '<script>const a = "Hallo";</script><!-- Uitleg --><style>p { color: red; }</style><p>{a}</p>',
      expected: []
    },
    {
      description: 'a style in svelte:head',
      source: '<svelte:head><style>body { margin: 0 }</style></svelte:head>',
      expected: []
    }
  ])('finds $description', ({ source, expected }) => {
    expect(hardCodedTexts(source)).toEqual(expected);
  });

  it('finds none in the app', () => {
    const found = svelteFiles(webRoot).flatMap((file) =>
      hardCodedTexts(readFileSync(file, 'utf8')).map((text) => `${path.relative(webRoot, file)}: ${text}`)
    );
    expect(found).toEqual([]);
  });
});
