import { createHash } from 'node:crypto';
import type { Level } from '../../../db/schema.js';

export const MAX_QUESTION_LENGTH = 5000;

export const LEVELS: readonly Level[] = [
  'kleuter',
  'lager',
  'secundair',
  'buitengewoon',
  'volwassenen',
  'hoger',
  'meerdere',
  'onbekend'
];

/** Normalised text used to recognise the same question twice, across files and re-imports. */
export function questionHash(text: string): string {
  const normal = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s{2,}|[^\S ]/g, ' ')
    .trim();
  return createHash('sha256').update(normal).digest('hex');
}
