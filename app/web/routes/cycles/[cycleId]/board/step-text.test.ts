import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { CurationStepDto } from '$shared/curation';
import en from '../../../../lib/i18n/messages/en.json';
import nl from '../../../../lib/i18n/messages/nl-BE.json';
import { stepText, type Translate } from './step-text';

// The catalogues as the pages load them (app/web/lib/i18n), without the page state that picks the language.
function translator(locale: string, messages: Record<string, string>): Translate {
  const i18n = i18next.createInstance();
  void i18n.init({
    lng: locale,
    resources: { [locale]: { translation: messages } },
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false
  });
  return (key, params) => i18n.t(key, params);
}
const nlT = translator('nl-BE', nl);
const enT = translator('en', en);

type Step = Pick<CurationStepDto, 'summary' | 'parts'>;
const step = (...parts: Step['parts']): Step => ({ summary: 'English summary', parts });

describe('stepText', () => {
  const cases: { description: string; step: Step; nl: string; en: string }[] = [
    {
      description: 'a rename',
      step: step({ kind: 'rename', params: { from: 'Lezen', to: 'Leesonderwijs' } }),
      nl: '‘Lezen’ hernoemd tot ‘Leesonderwijs’',
      en: 'Renamed ‘Lezen’ to ‘Leesonderwijs’'
    },
    {
      description: 'an edit of several changes at once, in order',
      step: step(
        { kind: 'describe', params: { name: 'Lezen' } },
        { kind: 'unlock', params: { name: 'Lezen' } },
        { kind: 'not_overarching', params: { name: 'Lezen' } }
      ),
      nl: 'Beschrijving van ‘Lezen’ aangepast; ‘Lezen’ ontgrendeld; ‘Lezen’ niet langer overkoepelend',
      en: 'Changed the description of ‘Lezen’; Unlocked ‘Lezen’; ‘Lezen’ no longer overarching'
    },
    {
      description: 'a merge of three themes, listed as the language does',
      step: step({ kind: 'merge', params: { names: ['Pesten', 'Lezen', 'Taal'], into: 'Lezen' } }),
      nl: '‘Pesten’, ‘Lezen’ en ‘Taal’ samengevoegd tot ‘Lezen’',
      en: 'Merged ‘Pesten’, ‘Lezen’, and ‘Taal’ into ‘Lezen’'
    },
    {
      description: 'one question split off (singular)',
      step: step({ kind: 'split', params: { count: 1, from: 'Rekenen', to: 'Dyscalculie' } }),
      nl: '1 vraag van ‘Rekenen’ afgesplitst naar ‘Dyscalculie’',
      en: 'Split 1 question off ‘Rekenen’ into ‘Dyscalculie’'
    },
    {
      description: 'a re-clustering',
      step: step({ kind: 'recluster', params: { from: 'Rekenen', parts: 2, names: ['Rekenen', 'Breuken'] } }),
      nl: "‘Rekenen’ opnieuw gegroepeerd in 2 thema's: ‘Rekenen’ en ‘Breuken’",
      en: 'Regrouped ‘Rekenen’ into 2 themes: ‘Rekenen’ and ‘Breuken’'
    },
    {
      description: 'a re-clustering into fewer themes than asked',
      step: step({
        kind: 'recluster_fewer',
        params: { from: 'Rekenen', parts: 2, asked: 3, names: ['Rekenen', 'Breuken'] }
      }),
      nl: "‘Rekenen’ opnieuw gegroepeerd in 2 thema's (3 gevraagd: de vragen vielen niet verder uiteen): ‘Rekenen’ en ‘Breuken’",
      en: 'Regrouped ‘Rekenen’ into 2 themes (3 asked: the questions did not fall apart further): ‘Rekenen’ and ‘Breuken’'
    },
    {
      description: 'a move from a theme and both bins (plural), the bins in the language of the page',
      step: step({
        kind: 'move',
        params: { count: 3, from: ['Pesten'], fromBins: ['unassigned', 'out_of_scope'], to: 'Lezen' }
      }),
      nl: '3 vragen verplaatst van ‘Pesten’, ‘Niet toegewezen’ en ‘Buiten scope’ naar ‘Lezen’',
      en: 'Moved 3 questions from ‘Pesten’, ‘Not assigned’, and ‘Out of scope’ to ‘Lezen’'
    },
    {
      description: 'a move to "niet toegewezen"',
      step: step({ kind: 'move_unassigned', params: { count: 1, from: ['Pesten'], fromBins: [] } }),
      nl: '1 vraag verplaatst van ‘Pesten’ naar ‘Niet toegewezen’',
      en: 'Moved 1 question from ‘Pesten’ to ‘Not assigned’'
    },
    {
      description: 'questions out of scope, with the reason',
      step: step({ kind: 'out_of_scope', params: { count: 2, reason: 'Geen onderzoeksvraag' } }),
      nl: '2 vragen buiten scope geplaatst: ‘Geen onderzoeksvraag’',
      en: 'Put 2 questions out of scope: ‘Geen onderzoeksvraag’'
    },
    {
      description: 'questions back in scope',
      step: step({ kind: 'in_scope', params: { count: 1 } }),
      nl: '1 vraag teruggehaald in scope, bij ‘Niet toegewezen’',
      en: 'Brought 1 question back in scope, to ‘Not assigned’'
    },
    {
      description: 'a deleted theme',
      step: step({ kind: 'delete', params: { name: 'Pesten', count: 2 } }),
      nl: '‘Pesten’ verwijderd; zijn 2 vragen staan nu bij ‘Niet toegewezen’',
      en: 'Deleted ‘Pesten’; its 2 questions are now in ‘Not assigned’'
    },
    {
      description: 'a step stored before steps had parts: its summary',
      step: step(),
      nl: 'English summary',
      en: 'English summary'
    },
    {
      description: 'a kind of change this page does not know: the summary, not half a text',
      step: step({ kind: 'lock', params: { name: 'Lezen' } }, { kind: 'archive', params: { name: 'Lezen' } }),
      nl: 'English summary',
      en: 'English summary'
    }
  ];

  it.each(cases)('tells $description in Dutch and English', ({ step, nl, en }) => {
    expect(stepText(step, nlT, 'nl-BE')).toBe(nl);
    expect(stepText(step, enT, 'en')).toBe(en);
  });
});
