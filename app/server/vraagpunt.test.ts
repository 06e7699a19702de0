import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCycle } from '../../db/queries/cycles.js';
import type { InboxDto, TriageResultDto, VraagpuntFormDto } from '../shared/vraagpunt.js';
import type { PersonExportDto } from '../shared/privacy.js';
import { purgeExpired } from './services/privacy.js';
import { checkSubmission } from './services/vraagpunt.js';
import { Client, createTestApp, loginAs, type TestApp } from './testing/test-app.js';

describe('checkSubmission', () => {
  const base = { token: 't', text: 'Hoe begeleid ik leerlingen met dyslexie bij toetsen?' };
  it.each([
    { description: 'a question alone', body: base, problems: null },
    { description: 'no question', body: { ...base, text: '  ' }, problems: { text: 'required' } },
    { description: 'a question of a few letters', body: { ...base, text: 'Help?' }, problems: { text: 'too_short' } },
    {
      description: 'a question of 2001 characters',
      body: { ...base, text: 'a'.repeat(2001) },
      problems: { text: 'too_long' }
    },
    { description: 'an unknown level', body: { ...base, level: 'universiteit' }, problems: { level: 'unknown' } },
    { description: 'an unknown role', body: { ...base, role: 'minister' }, problems: { role: 'unknown' } },
    {
      description: 'an e-mail address without consent',
      body: { ...base, email: 'an@school.be' },
      problems: { consent: 'required_for_contact' }
    },
    {
      description: 'a name without consent',
      body: { ...base, name: 'An' },
      problems: { consent: 'required_for_contact' }
    },
    {
      description: 'consent without an address',
      body: { ...base, consent: true },
      problems: { email: 'required_for_consent' }
    },
    {
      description: 'a malformed address',
      body: { ...base, email: 'an-at-school', consent: true },
      problems: { email: 'invalid' }
    },
    {
      description: 'contact with consent',
      body: { ...base, name: 'An', email: 'an@school.be', consent: true },
      problems: null
    }
  ])('$description', ({ body, problems }) => {
    const checked = checkSubmission(body);
    expect('problems' in checked ? checked.problems : null).toEqual(problems);
  });
});

describe('the Vraagpunt form and inbox', () => {
  let t: TestApp;
  let staff: Client;
  let cycleId: number;

  const form = async (client = new Client(t.app)) =>
    (await client.request('GET', '/api/vraagpunt/form')).json() as VraagpuntFormDto;
  const send = async (body: Record<string, unknown>, client = new Client(t.app)) =>
    client.request('POST', '/api/vraagpunt/submissions', { token: (await form(client)).token, ...body });
  const inbox = async (query = '') =>
    (await staff.request('GET', `/api/cycles/${cycleId}/submissions${query}`)).json() as InboxDto;
  const triage = (body: Record<string, unknown>) =>
    staff.request('POST', `/api/cycles/${cycleId}/submissions/triage`, body);

  beforeAll(async () => {
    t = await createTestApp();
    staff = await loginAs(t.app, 'staff');
    // Closed to questions: the next cycle takes them until one is in its inventory.
    const past = await insertCycle(t.app.db, { name: 'Agenda 2020', startsOn: '2020-09-01', endsOn: '2023-08-31' });
    await t.app.db.updateTable('cycles').set({ phase: 'published' }).where('id', '=', past.id).execute();
    cycleId = (await insertCycle(t.app.db, { name: 'Agenda 2027', startsOn: '2027-09-01', endsOn: '2030-08-31' })).id;
    await t.app.db.updateTable('cycles').set({ phase: 'prioritisation' }).where('id', '=', cycleId).execute();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('hands out a signed form naming the cycle that takes questions', async () => {
    const answer = await new Client(t.app).request('GET', '/api/vraagpunt/form');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.json()).toEqual({
      token: expect.stringMatching(/^\d+\.[\w-]{43}$/),
      retentionMonths: null,
      cycleName: 'Agenda 2027'
    });
  });

  it('takes a question from anyone, without a login, into the inbox of the receiving cycle', async () => {
    const answer = await send({
      text: '  Hoe begeleid ik leerlingen met dyslexie bij toetsen?  ',
      level: 'secundair',
      role: 'zorgcoördinator',
      name: 'An Smets',
      email: 'an.smets@school.be',
      consent: true,
      locale: 'nl-BE'
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.json()).toEqual({ received: true });
    const { items, counts } = await inbox();
    expect(counts.new).toBe(1);
    expect(items[0]).toMatchObject({
      cycleId,
      text: 'Hoe begeleid ik leerlingen met dyslexie bij toetsen?',
      level: 'secundair',
      role: 'zorgcoördinator',
      name: 'An Smets',
      email: 'an.smets@school.be',
      contactConsent: true,
      status: 'new'
    });
  });

  it('names every field that is wrong, and stores nothing', async () => {
    const answer = await send({ text: 'Help?', email: 'an@school.be', level: 'universiteit' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatchObject({
      code: 'vraagpunt_invalid',
      details: { fields: { text: 'too_short', consent: 'required_for_contact', level: 'unknown' } }
    });
    expect((await inbox()).counts.new).toBe(1);
  });

  it('answers a filled-in honeypot as if all went well, and stores nothing', async () => {
    const answer = await send({ text: 'Koop goedkope horloges op onze website!', website: 'https://spam.example' });
    expect(answer.statusCode).toBe(201);
    expect((await inbox()).counts.new).toBe(1);
  });

  it('refuses a form without a valid signed start time', async () => {
    const client = new Client(t.app);
    for (const token of ['', '123.abc', `${Date.now() - 60_000}.${'a'.repeat(43)}`]) {
      const answer = await client.request('POST', '/api/vraagpunt/submissions', {
        token,
        text: 'Een geldige vraag over lezen?'
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error.code).toBe('form_expired');
    }
  });

  it('refuses a form sent back faster than a person fills it in', async () => {
    const strict = await createTestApp({ VRAAGPUNT_MIN_FILL_SECONDS: '600' });
    try {
      const client = new Client(strict.app);
      const { token } = (await client.request('GET', '/api/vraagpunt/form')).json() as VraagpuntFormDto;
      const answer = await client.request('POST', '/api/vraagpunt/submissions', {
        token,
        text: 'Een geldige vraag over lezen?'
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error.code).toBe('form_too_fast');
      expect(await strict.app.db.selectFrom('submissions').select('id').execute()).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('limits the questions per hour from one address, with Retry-After', async () => {
    const limited = await createTestApp({ VRAAGPUNT_PER_HOUR: '2' });
    try {
      const client = new Client(limited.app);
      const { token } = (await client.request('GET', '/api/vraagpunt/form')).json() as VraagpuntFormDto;
      const post = () =>
        client.request('POST', '/api/vraagpunt/submissions', { token, text: 'Een geldige vraag over lezen?' });
      expect((await post()).statusCode).toBe(201);
      expect((await post()).statusCode).toBe(201);
      const third = await post();
      expect(third.statusCode).toBe(429);
      expect(third.json().error.code).toBe('rate_limited');
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(60);
    } finally {
      await limited.close();
    }
  });

  it('keeps the inbox to staff: the director and committee members are refused, and so is anyone anonymous', async () => {
    for (const client of [await loginAs(t.app, 'director'), await loginAs(t.app, 'committee'), new Client(t.app)]) {
      const answer = await client.request('GET', `/api/cycles/${cycleId}/submissions`);
      expect([401, 403]).toContain(answer.statusCode);
    }
  });

  it('accepts submissions as questions of the cycle, in a Vraagpunt source and an import batch, with their contact details set apart', async () => {
    await send({ text: 'Welke aanpak werkt tegen pesten op de speelplaats?', level: 'lager', role: 'leraar' });
    const fresh = (await inbox('?status=new')).items;
    expect(fresh).toHaveLength(2);
    const answer = await triage({ ids: fresh.map((s) => s.id), action: 'accept' });
    expect(answer.statusCode).toBe(200);
    const result = answer.json() as TriageResultDto;
    expect(result).toMatchObject({ action: 'accept', repeats: [], batchId: expect.any(Number) });
    expect(result.changed.sort()).toEqual(fresh.map((s) => s.id).sort());

    const questions = await t.app.db
      .selectFrom('questions')
      .innerJoin('sources', 'sources.id', 'questions.source_id')
      .select([
        'questions.id',
        'questions.text',
        'questions.level',
        'questions.status',
        'questions.theme_id',
        'sources.kind',
        'questions.batch_id'
      ])
      .where('questions.cycle_id', '=', cycleId)
      .orderBy('questions.id')
      .execute();
    expect(questions.map((q) => [q.kind, q.status, q.theme_id, q.batch_id])).toEqual([
      ['vraagpunt', 'active', null, result.batchId],
      ['vraagpunt', 'active', null, result.batchId]
    ]);
    const personal = await t.app.db
      .selectFrom('personal_data')
      .select(['name', 'email', 'consent'])
      .where('batch_id', '=', result.batchId)
      .execute();
    expect(personal).toEqual([{ name: 'An Smets', email: 'an.smets@school.be', consent: true }]);
    const accepted = await inbox('?status=accepted');
    expect(accepted.counts).toEqual({ new: 0, accepted: 2, out_of_scope: 0, duplicate: 0 });
    expect(accepted.items.every((s) => questions.some((q) => q.id === s.questionId))).toBe(true);
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'submissions.accept')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('suggests the question a new submission repeats, and notes it as a duplicate of it', async () => {
    await send({ text: 'Hoe begeleid ik leerlingen met dyslexie bij het toetsen?' });
    const [fresh] = (await inbox('?status=new')).items;
    const original = (await inbox('?status=accepted')).items.find((s) => s.text.includes('dyslexie'))!;
    expect(fresh!.similar).toMatchObject({ id: original.questionId, text: original.text });
    const answer = await triage({ ids: [fresh!.id], action: 'duplicate', duplicateOf: original.questionId });
    expect(answer.statusCode).toBe(200);
    const [duplicate] = (await inbox('?status=duplicate')).items;
    expect(duplicate).toMatchObject({ id: fresh!.id, duplicateOf: { id: original.questionId, text: original.text } });
  });

  it('notes an accepted exact repeat of an accepted question as its duplicate rather than a second question', async () => {
    await send({ text: 'Welke aanpak werkt tegen pesten op de speelplaats?' });
    const [fresh] = (await inbox('?status=new')).items;
    const result = (await triage({ ids: [fresh!.id], action: 'accept' })).json() as TriageResultDto;
    expect(result).toMatchObject({ changed: [fresh!.id], repeats: [fresh!.id], batchId: null });
    expect((await inbox('?status=duplicate')).items.map((s) => s.id)).toContain(fresh!.id);
  });

  it('puts submissions out of scope only with a reason, and refuses to decide a decided one twice', async () => {
    await send({ text: 'Wanneer zijn de zomervakanties volgend jaar?' });
    const [fresh] = (await inbox('?status=new')).items;
    const noReason = await triage({ ids: [fresh!.id], action: 'out_of_scope', reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('out_of_scope_reason_required');
    expect(
      (await triage({ ids: [fresh!.id], action: 'out_of_scope', reason: 'Praktische vraag, geen kennisvraag' }))
        .statusCode
    ).toBe(200);
    const [out] = (await inbox('?status=out_of_scope')).items;
    expect(out).toMatchObject({ id: fresh!.id, outOfScopeReason: 'Praktische vraag, geen kennisvraag' });
    const again = await triage({ ids: [fresh!.id], action: 'accept' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'submission_decided', details: { ids: [fresh!.id] } });
  });

  it('changes nothing when one of several cannot be triaged', async () => {
    await send({ text: 'Hoe organiseer ik co-teaching in de klas?' });
    const [fresh] = (await inbox('?status=new')).items;
    const [out] = (await inbox('?status=out_of_scope')).items;
    const answer = await triage({ ids: [fresh!.id, out!.id], action: 'accept' });
    expect(answer.statusCode).toBe(409);
    expect((await inbox('?status=new')).items.map((s) => s.id)).toEqual([fresh!.id]);
    const unknown = await triage({ ids: [fresh!.id, 999_999], action: 'accept' });
    expect(unknown.statusCode).toBe(404);
    const badTarget = await triage({ ids: [fresh!.id], action: 'duplicate', duplicateOf: 999_999 });
    expect(badTarget.statusCode).toBe(400);
    expect(badTarget.json().error.code).toBe('duplicate_target_unknown');
    expect((await inbox('?status=new')).items.map((s) => s.id)).toEqual([fresh!.id]);
  });

  it('puts decided submissions back in the inbox, removing the question an accepted one became while unused', async () => {
    const [fresh] = (await inbox('?status=new')).items;
    const { batchId } = (await triage({ ids: [fresh!.id], action: 'accept' })).json() as TriageResultDto;
    const [accepted] = (await inbox('?status=accepted')).items.filter((s) => s.id === fresh!.id);
    const [out] = (await inbox('?status=out_of_scope')).items;
    const answer = await triage({ ids: [fresh!.id, out!.id], action: 'reopen' });
    expect(answer.statusCode).toBe(200);
    expect((await inbox('?status=new')).items.map((s) => s.id).sort()).toEqual([fresh!.id, out!.id].sort());
    expect(
      await t.app.db.selectFrom('questions').select('id').where('id', '=', accepted!.questionId!).execute()
    ).toEqual([]);
    expect(await t.app.db.selectFrom('import_batches').select('id').where('id', '=', batchId!).execute()).toEqual([]);
  });

  it('refuses to put back an accepted submission whose question is already in a theme', async () => {
    const [accepted] = (await inbox('?status=accepted')).items;
    const { id: themeId } = await t.app.db
      .insertInto('themes')
      .values({ cycle_id: cycleId, name: 'Dyslexie' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.app.db
      .updateTable('questions')
      .set({ theme_id: themeId })
      .where('id', '=', accepted!.questionId!)
      .execute();
    const answer = await triage({ ids: [accepted!.id], action: 'reopen' });
    expect(answer.statusCode).toBe(409);
    expect(answer.json().error.code).toBe('submission_in_use');
    expect((await inbox('?status=accepted')).items.map((s) => s.id)).toContain(accepted!.id);
  });

  it('exports the inbox as CSV, formula-safe, with the contact details', async () => {
    await send({ text: '=HYPERLINK("http://x.example") is dit een vraag over ICT?' });
    const answer = await staff.request('GET', `/api/cycles/${cycleId}/submissions.csv?status=new`);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toContain('text/csv');
    expect(answer.headers['content-disposition']).toContain('vraagpunt-cyclus-');
    const lines = answer.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('id,ontvangen,vraag,niveau,rol,status,reden,dubbel_van,vraag_id,naam,e-mail,toestemming');
    expect(lines.some((line) => line.includes(`"'=HYPERLINK(""http://x.example"") is dit een vraag over ICT?"`))).toBe(
      true
    );
    expect(lines.slice(1).every((line) => line === '' || line.includes(',new,'))).toBe(true);
  });
});

describe('a submission while no cycle takes questions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('waits for a cycle, and shows in the inbox of the cycle staff then open', async () => {
    const client = new Client(t.app);
    const { token, cycleName } = (await client.request('GET', '/api/vraagpunt/form')).json() as VraagpuntFormDto;
    expect(cycleName).toBeNull();
    expect(
      (
        await client.request('POST', '/api/vraagpunt/submissions', {
          token,
          text: 'Hoe werk ik met STEM in de kleuterklas?'
        })
      ).statusCode
    ).toBe(201);
    const cycle = await insertCycle(t.app.db, { name: 'Agenda 2028', startsOn: '2028-09-01', endsOn: '2031-08-31' });
    const staff = await loginAs(t.app, 'staff');
    const { items } = (await staff.request('GET', `/api/cycles/${cycle.id}/submissions`)).json() as InboxDto;
    expect(items.map((s) => [s.cycleId, s.text])).toEqual([[null, 'Hoe werk ik met STEM in de kleuterklas?']]);
    await staff.request('POST', `/api/cycles/${cycle.id}/submissions/triage`, {
      ids: [items[0]!.id],
      action: 'accept'
    });
    const after = (await staff.request('GET', `/api/cycles/${cycle.id}/submissions`)).json() as InboxDto;
    expect(after.items[0]).toMatchObject({ cycleId: cycle.id, status: 'accepted' });
  });
});

describe('contact details sent through the form, under the privacy rules', () => {
  let t: TestApp;
  let staff: Client;
  const send = async (body: Record<string, unknown>) => {
    const client = new Client(t.app);
    const { token } = (await client.request('GET', '/api/vraagpunt/form')).json() as VraagpuntFormDto;
    expect((await client.request('POST', '/api/vraagpunt/submissions', { token, ...body })).statusCode).toBe(201);
  };
  const contact = () =>
    t.app.db.selectFrom('submissions').select(['text', 'name', 'email', 'contact_consent']).orderBy('id').execute();

  beforeAll(async () => {
    t = await createTestApp();
    staff = await loginAs(t.app, 'staff');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are part of what is held about a person, and go with an erasure; the question stays without the name', async () => {
    await send({
      text: 'Hoe differentieer ik in de klas? Groetjes, Lien Wouters',
      name: 'Lien Wouters',
      email: 'lien.wouters@school.be',
      consent: true
    });
    const held = await staff.request('GET', '/api/privacy/person?email=LIEN.WOUTERS@school.be');
    expect(held.statusCode).toBe(200);
    const dto = held.json() as PersonExportDto;
    expect(dto.summary.vraagpunt).toBe(1);
    expect(dto.vraagpunt[0]).toMatchObject({ name: 'Lien Wouters', email: 'lien.wouters@school.be', status: 'new' });

    const erased = await staff.request('POST', '/api/privacy/erase', {
      email: 'lien.wouters@school.be',
      confirm: true
    });
    expect(erased.statusCode).toBe(200);
    expect(erased.json().erased.vraagpunt).toBe(1);
    expect(await contact()).toEqual([
      {
        text: 'Hoe differentieer ik in de klas? Groetjes, [verwijderd]',
        name: null,
        email: null,
        contact_consent: false
      }
    ]);
    expect((await staff.request('GET', '/api/privacy/person?email=lien.wouters@school.be')).statusCode).toBe(404);
  });

  it('go when the retention period has passed', async () => {
    await send({
      text: 'Hoe geef ik goede feedback op schrijfopdrachten?',
      name: 'Bram Peeters',
      email: 'bram@school.be',
      consent: true
    });
    const inAYear = new Date(Date.now() + 366 * 24 * 3600 * 1000);
    expect((await purgeExpired(t.app.db, { months: 12, now: new Date() })).records).toBe(0);
    expect((await purgeExpired(t.app.db, { months: 12, now: inAYear })).records).toBe(1);
    expect((await contact()).at(-1)).toEqual({
      text: 'Hoe geef ik goede feedback op schrijfopdrachten?',
      name: null,
      email: null,
      contact_consent: false
    });
  });
});
