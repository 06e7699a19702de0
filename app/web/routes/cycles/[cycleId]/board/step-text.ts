import type { MessageKey } from '$lib/i18n';
import type { CurationStepDto, CurationStepPart } from '$shared/curation';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The message of each kind of change; `count` picks the plural form ("1 vraag", "3 vragen"). */
const MESSAGES = {
  rename: 'curation.step.rename',
  describe: 'curation.step.describe',
  lock: 'curation.step.lock',
  unlock: 'curation.step.unlock',
  overarching: 'curation.step.overarching',
  not_overarching: 'curation.step.not_overarching',
  merge: 'curation.step.merge',
  split: 'curation.step.split',
  recluster: 'curation.step.recluster',
  recluster_fewer: 'curation.step.recluster_fewer',
  move: 'curation.step.move',
  move_unassigned: 'curation.step.move_unassigned',
  out_of_scope: 'curation.step.out_of_scope',
  in_scope: 'curation.step.in_scope',
  delete: 'curation.step.delete'
} as const satisfies Record<string, MessageKey>;

const BINS = {
  unassigned: 'board.bins.unassigned',
  out_of_scope: 'board.bins.outOfScope'
} as const satisfies Record<string, MessageKey>;

const known = <T extends object>(table: T, key: string): key is Extract<keyof T, string> => Object.hasOwn(table, key);
const quote = (name: string) => `‘${name}’`;

/** The message's parameters: lists of names quoted and joined as the language does ("‘A’, ‘B’ en ‘C’"). */
function messageParams(part: CurationStepPart, t: Translate, locale: string): Record<string, string | number> {
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(part.params)) {
    if (name !== 'fromBins') out[name] = Array.isArray(value) ? list.format(value.map(quote)) : value;
  }
  // Questions may come from themes and the bins at once: one list, the bins in the page's language.
  const { from, fromBins } = part.params;
  if (Array.isArray(from) && Array.isArray(fromBins)) {
    const bins = fromBins.filter((bin) => known(BINS, bin)).map((bin) => t(BINS[bin]));
    out.from = list.format([...from, ...bins].map(quote));
  }
  return out;
}

/**
 * A curation step in the page's language, each of its changes in turn; the server's English summary when a change
 * is of a kind this page does not know, or for steps stored without parts.
 */
export function stepText(step: Pick<CurationStepDto, 'summary' | 'parts'>, t: Translate, locale: string): string {
  const texts: string[] = [];
  for (const part of step.parts) {
    if (!known(MESSAGES, part.kind)) return step.summary;
    texts.push(t(MESSAGES[part.kind], messageParams(part, t, locale)));
  }
  return texts.length === 0 ? step.summary : texts.join('; ');
}
