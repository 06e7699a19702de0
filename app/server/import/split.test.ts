import { describe, expect, it } from 'vitest';
import { splitNeeds } from './split.js';

describe('splitNeeds', () => {
  it.each([
    {
      description: 'one question stays whole',
      input: 'Hoe motiveer je leerlingen om Frans te spreken als ze het buiten de les nergens nodig hebben?',
      expected: ['Hoe motiveer je leerlingen om Frans te spreken als ze het buiten de les nergens nodig hebben?']
    },
    {
      description: 'whitespace is trimmed and folded',
      input: '  Wat werkt tegen pesten   op de speelplaats?  ',
      expected: ['Wat werkt tegen pesten op de speelplaats?']
    },
    { description: 'blank text holds no need', input: ' \n ', expected: [] },
    {
      description: 'one bullet loses its marker',
      input: '- Hoe leer ik breuken aan in het 4de leerjaar?',
      expected: ['Hoe leer ik breuken aan in het 4de leerjaar?']
    },
    {
      description: 'two questions on separate lines',
      input: 'Hoe motiveer ik leerlingen in de 1e graad?\nHoe pak ik gsm-gebruik in de klas aan?',
      expected: ['Hoe motiveer ik leerlingen in de 1e graad?', 'Hoe pak ik gsm-gebruik in de klas aan?']
    },
    {
      description: 'a bulleted list of needs without question marks',
      input: '- Begrijpend lezen in het 5de lj\r\n- Differentiatie bij rekenen\r\n* Omgaan met gedragsproblemen',
      expected: ['Begrijpend lezen in het 5de lj', 'Differentiatie bij rekenen', 'Omgaan met gedragsproblemen']
    },
    {
      description: 'numbered items 1) on one line',
      input: '1) Hoe geef ik feedback op schrijftaken? 2) Wat werkt bij woordenschat?',
      expected: ['Hoe geef ik feedback op schrijftaken?', 'Wat werkt bij woordenschat?']
    },
    {
      description: 'numbered items 1. on lines, closing semicolons dropped',
      input:
        '1. Helpt expliciet spellingonderwijs in het 3de jaar;\n2. Hoe laat ik leerlingen hun eigen fouten vinden;',
      expected: ['Helpt expliciet spellingonderwijs in het 3de jaar', 'Hoe laat ik leerlingen hun eigen fouten vinden']
    },
    {
      description: 'numbered items 1) after a colon on one line',
      input: 'Twee vragen: 1) helpt expliciet spellingonderwijs nog? 2) hoe leer ik zinsbouw aan?',
      expected: ['Twee vragen: helpt expliciet spellingonderwijs nog?', 'Twee vragen: hoe leer ik zinsbouw aan?']
    },
    {
      description: 'an enumeration inside a sentence is no list',
      input: 'Het lukt niet omdat 1) de klas te groot is en 2) er geen tijd is. Wat zegt onderzoek daarover?',
      expected: ['Het lukt niet omdat 1) de klas te groot is en 2) er geen tijd is. Wat zegt onderzoek daarover?']
    },
    {
      description: 'a line with two enumerations is prose',
      input: 'Tegen: 1) te duur 2) te weinig tijd. Voor: 1) motivatie 2) betere resultaten. Wat weegt het zwaarst?',
      expected: ['Tegen: 1) te duur 2) te weinig tijd. Voor: 1) motivatie 2) betere resultaten. Wat weegt het zwaarst?']
    },
    {
      description: 'lettered items a) b)',
      input: 'a) Welke methodes voor spelling zijn onderbouwd?\nb) Hoe integreer ik ICT in de wiskundeles?',
      expected: ['Welke methodes voor spelling zijn onderbouwd?', 'Hoe integreer ik ICT in de wiskundeles?']
    },
    {
      description: 'inline bullets •',
      input: '• Evaluatie zonder punten • Co-teaching in de 3de graad • Gebruik van AI bij taken',
      expected: ['Evaluatie zonder punten', 'Co-teaching in de 3de graad', 'Gebruik van AI bij taken']
    },
    {
      description: 'a lead-in ending in ":" is kept on every item',
      input: 'Nood aan info over:\n- dyslexie\n- dyscalculie',
      expected: ['Nood aan info over: dyslexie', 'Nood aan info over: dyscalculie']
    },
    {
      description: 'a Vraagpunt cell: greeting and context lead in, sign-off stays with the last item',
      input:
        'Hallo,\nIk geef Nederlands in de 2de graad. Drie vragen eigenlijk:\n1) helpt het om spelling nog expliciet te oefenen in het 3de jaar;\n2) hoe laat ik leerlingen hun eigen fouten vinden;\n3) is er een goede aanpak voor zinsbouw?\nGroeten, Leen',
      expected: [
        'Hallo, Ik geef Nederlands in de 2de graad. Drie vragen eigenlijk: helpt het om spelling nog expliciet te oefenen in het 3de jaar',
        'Hallo, Ik geef Nederlands in de 2de graad. Drie vragen eigenlijk: hoe laat ik leerlingen hun eigen fouten vinden',
        'Hallo, Ik geef Nederlands in de 2de graad. Drie vragen eigenlijk: is er een goede aanpak voor zinsbouw? Groeten, Leen'
      ]
    },
    {
      description: 'a lead-in that asks something is a need of its own',
      input: 'Hoe pakken andere scholen dit aan?\n- huiswerkbeleid\n- toetsbeleid',
      expected: ['Hoe pakken andere scholen dit aan?', 'huiswerkbeleid', 'toetsbeleid']
    },
    {
      description: 'two questions joined by a semicolon',
      input: 'Hoe ga ik om met faalangst bij examens; welke rol speelt de klassenraad daarbij?',
      expected: ['Hoe ga ik om met faalangst bij examens', 'welke rol speelt de klassenraad daarbij?']
    },
    {
      description: 'context before a semicolon moves with the question after it',
      input:
        'Wat is het effect van kleuterparticipatie op de latere schoolloopbaan? Veel van onze kleuters komen onregelmatig; hoe overtuigen we ouders?',
      expected: [
        'Wat is het effect van kleuterparticipatie op de latere schoolloopbaan?',
        'Veel van onze kleuters komen onregelmatig; hoe overtuigen we ouders?'
      ]
    },
    {
      description: 'no split when a semicolon part has fewer than three words',
      input: 'Lezen zakt; wat nu?',
      expected: ['Lezen zakt; wat nu?']
    },
    {
      description: 'no split when only one semicolon part states a need',
      input: 'Mijn leerlingen van het 3de jaar lezen geen enkele tekst volledig; hoe maak ik teksten toegankelijker?',
      expected: [
        'Mijn leerlingen van het 3de jaar lezen geen enkele tekst volledig; hoe maak ik teksten toegankelijker?'
      ]
    },
    {
      description: 'no split at the semicolon of an HTML entity',
      input: 'Hoe zet je O&amp;O in de 3de graad in?',
      expected: ['Hoe zet je O&amp;O in de 3de graad in?']
    },
    {
      description: 'no split at abbreviations or sentence ends',
      input: 'Bv. bij wiskunde en o.a. bij Frans haken lln af. Hoe kunnen we dit voorkomen? Wie helpt ons?',
      expected: ['Bv. bij wiskunde en o.a. bij Frans haken lln af. Hoe kunnen we dit voorkomen? Wie helpt ons?']
    },
    {
      description: 'numbers that are no list markers',
      input: 'Lesblokken van 1.5 uur: is dat beter dan 2 x 50 min. in de 2e graad?',
      expected: ['Lesblokken van 1.5 uur: is dat beter dan 2 x 50 min. in de 2e graad?']
    },
    {
      description: 'a wrapped line is one sentence',
      input: 'Hoe begeleid ik\nstarters in onze school?',
      expected: ['Hoe begeleid ik starters in onze school?']
    },
    {
      description: 'greeting, context and thanks on their own lines stay with the one question',
      input:
        'Beste\n\nIn mijn klas zit een leerling die thuis heel weinig slaapt.\nWat kan ik als leerkracht nog doen?\n\nBedankt!\nKatrien',
      expected: [
        'Beste In mijn klas zit een leerling die thuis heel weinig slaapt. Wat kan ik als leerkracht nog doen? Bedankt! Katrien'
      ]
    },
    {
      description: 'a context line stays with the need after it',
      input:
        'Ik werk in het BuSO (type 9).\nHoe leer ik leerlingen met autisme plannen?\nWelke visuele ondersteuning werkt?',
      expected: [
        'Ik werk in het BuSO (type 9). Hoe leer ik leerlingen met autisme plannen?',
        'Welke visuele ondersteuning werkt?'
      ]
    },
    {
      description: 'needs stated without question marks, one per line',
      input: 'Graag korte samenvattingen van onderzoek in het Nederlands\nNood aan voorbeelden uit Vlaamse scholen',
      expected: [
        'Graag korte samenvattingen van onderzoek in het Nederlands',
        'Nood aan voorbeelden uit Vlaamse scholen'
      ]
    }
  ])('$description', ({ input, expected }) => {
    expect(splitNeeds(input)).toEqual(expected);
  });
});
