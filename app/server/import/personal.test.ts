import { describe, expect, it } from 'vitest';
import { headerWords, maskContacts, personalColumnKind } from './personal.js';

describe('maskContacts', () => {
  it.each([
    { description: 'an e-mail address', input: 'Mail me: jan.peeters@school.be', expected: 'Mail me: [e-mail]' },
    {
      description: 'an address with plus and subdomain',
      input: 'via an+vraag@mail.scholen.example.org.',
      expected: 'via [e-mail].'
    },
    { description: 'a Belgian mobile number', input: 'Bel 0470 12 34 56 aub', expected: 'Bel [telefoon] aub' },
    { description: 'a mobile number written solid', input: 'gsm 0470123456', expected: 'gsm [telefoon]' },
    { description: 'a mobile number in groups of three', input: 'gsm: 0470 123 456', expected: 'gsm: [telefoon]' },
    { description: 'a landline with slash and dots', input: 'tel. 03/123.45.67', expected: 'tel. [telefoon]' },
    { description: 'a landline with spaces', input: 'school: 016 32 12 34.', expected: 'school: [telefoon].' },
    { description: '+32 international', input: 'of +32 470 12 34 56', expected: 'of [telefoon]' },
    { description: '0032 international', input: 'of 0032 3 123 45 67', expected: 'of [telefoon]' },
    { description: 'international with trunk (0)', input: '+32 (0)3 123 45 67', expected: '[telefoon]' },
    { description: 'a Dutch mobile number', input: 'Bel 06-12345678', expected: 'Bel [telefoon]' },
    { description: 'a number after a year', input: 'sinds 2023 0470 12 34 56', expected: 'sinds 2023 [telefoon]' },
    {
      description: 'dates and times',
      input: 'op 17/10/2023 om 13:30 en 01/09/2023 13u, 2024-05-04',
      expected: 'op 17/10/2023 om 13:30 en 01/09/2023 13u, 2024-05-04'
    },
    {
      description: 'years, percentages, class codes and counts',
      input: 'In 2023-2024 haakt 50% van 150+ lln in het 3de lj af; 1e graad, 2 x 50 min.',
      expected: 'In 2023-2024 haakt 50% van 150+ lln in het 3de lj af; 1e graad, 2 x 50 min.'
    },
    {
      description: 'clock times with a leading zero',
      input: 'tussen 08.30 en 15.30',
      expected: 'tussen 08.30 en 15.30'
    },
    { description: 'an amount', input: 'budget is klein (+- 200 €)', expected: 'budget is klein (+- 200 €)' }
  ])('$description', ({ input, expected }) => {
    expect(maskContacts(input)).toBe(expected);
  });
});

describe('headerWords', () => {
  it.each([
    { input: 'RecipientEmail', expected: ['recipient', 'email'] },
    { input: 'IPAddress', expected: ['ip', 'address'] },
    { input: 'E-mailadres (optioneel)', expected: ['e', 'mailadres'] },
    { input: 'Nachname des Empfängers', expected: ['nachname', 'des', 'empfangers'] },
    { input: '_submission_time', expected: ['submission', 'time'] }
  ])('$input', ({ input, expected }) => {
    expect(headerWords(input)).toEqual(expected);
  });
});

describe('personalColumnKind', () => {
  it.each([
    { column: 'Naam', samples: ['Hanne Goossens'], expected: 'name' },
    { column: 'Voornaam', samples: [], expected: 'name' },
    { column: 'Wat is je naam?', samples: ['An'], expected: 'name' },
    { column: 'RecipientLastName', samples: [''], expected: 'name' },
    { column: 'Nachname des Empfängers', samples: [''], expected: 'name' },
    { column: 'Prénom', samples: ['Luc'], expected: 'name' },
    { column: 'E-mailadres', samples: ['hanne@example.org'], expected: 'email' },
    { column: 'Email Address', samples: [], expected: 'email' },
    { column: 'E-Mail des Empfängers', samples: [], expected: 'email' },
    { column: 'Correo electrónico', samples: [], expected: 'email' },
    { column: 'Telefoon', samples: ['03 123 45 67'], expected: 'phone' },
    { column: 'GSM-nummer', samples: [], expected: 'phone' },
    { column: 'Phone number', samples: [], expected: 'phone' },
    { column: 'Numéro de téléphone', samples: [], expected: 'phone' },
    { column: 'IP Address', samples: ['130.92.34.66'], expected: 'ip' },
    { column: 'IP-Adresse', samples: [], expected: 'ip' },
    { column: 'Contact', samples: ['a@b.be', 'c@d.org', 'e@f.nl', ''], expected: 'email' },
    { column: 'Bereikbaar op', samples: ['0470 12 34 56', '+32 3 123 45 67'], expected: 'phone' },
    { column: 'V6', samples: ['130.92.34.66', '2001:db8::1'], expected: 'ip' },
    { column: 'Email', samples: ['anonymous', 'anonymous', ''], expected: null },
    { column: 'Name', samples: ['Anonym'], expected: null },
    { column: 'Toestemming contact via e-mail', samples: ['Ja', 'Nee'], expected: null },
    { column: 'Gsm-gebruik in de klas?', samples: ['Verbieden', 'Toelaten'], expected: null },
    { column: 'Naam van je school', samples: ['Sint-Jozef'], expected: null },
    {
      column: 'Uw vraag',
      samples: ['Mail me op a@b.be: hoe pak ik pesten aan?', 'Hoe leer ik lezen?'],
      expected: null
    },
    { column: 'Datum', samples: ['05/08/2023 11:58', '01/09/2023 22:49'], expected: null }
  ])('$column → $expected', ({ column, samples, expected }) => {
    expect(personalColumnKind(column, samples)).toBe(expected);
  });
});
