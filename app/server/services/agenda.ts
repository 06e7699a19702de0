import type { Kysely } from 'kysely';
import {
  type AgendaSource,
  type AgendaVersionRow,
  findAgendaVersion,
  findOpenProposal,
  findPublishedVersion,
  insertProposal,
  listAgendaVersions,
  listPublishedNumbers,
  lockNextVersionNumber,
  markCyclePublished,
  newestPublishedCycleId,
  publishVersion,
  readAgendaSource,
  reviewVersion
} from '../../../db/queries/agenda.js';
import { writeAudit } from '../../../db/queries/audit.js';
import type { Database } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import {
  type AgendaChangesDto,
  type AgendaDto,
  type AgendaPreviewDto,
  type AgendaThemeDto,
  type AgendaThemeRef,
  type AgendaVersionDto,
  type AgendaVersionListDto,
  type PublicAgendaDto,
  schoolYearLabel
} from '../../shared/agenda.js';
import { conflict, notFound } from '../errors.js';

// Dutch collation: "Ééntalig" next to "Eentalig", "ij" as Flemish readers expect; ties broken by id for a stable order.
const collator = new Intl.Collator('nl-BE', { sensitivity: 'base', numeric: true });
const byName = (a: AgendaThemeDto, b: AgendaThemeDto) => collator.compare(a.name, b.name) || a.id - b.id;

/** The agenda as it stands in the data now: placed themes per school year, overarching themes across all. */
export function buildAgenda(source: AgendaSource): AgendaDto {
  const outputsOf = new Map<number, AgendaThemeDto['outputs']>();
  for (const o of source.outputs) {
    const list = outputsOf.get(o.themeId) ?? [];
    list.push({ kind: o.kind, title: o.title, url: o.url, status: o.status });
    outputsOf.set(o.themeId, list);
  }
  const entry = (t: AgendaSource['themes'][number]): AgendaThemeDto => ({
    id: t.id,
    name: t.name,
    description: t.description,
    keywords: t.keywords,
    questionCount: t.questionCount,
    isAdHoc: t.isAdHoc,
    adHocJustification: t.isAdHoc ? t.adHocJustification : null,
    evidenceStatus: t.evidenceStatus,
    plannedOutput: t.plannedOutput,
    outputs: outputsOf.get(t.id) ?? []
  });
  return {
    cycle: source.cycle,
    version: null,
    schoolYears: source.schoolYears.map((y) => ({
      startsOn: y.startsOn,
      endsOn: y.endsOn,
      label: schoolYearLabel(y.startsOn),
      themes: source.themes
        .filter((t) => !t.isOverarching && t.yearStartsOn === y.startsOn)
        .map(entry)
        .sort(byName)
    })),
    overarching: source.themes
      .filter((t) => t.isOverarching)
      .map(entry)
      .sort(byName)
  };
}

function themeRefs(agenda: AgendaDto): Map<number, AgendaThemeRef> {
  const refs = new Map<number, AgendaThemeRef>();
  for (const year of agenda.schoolYears ?? []) {
    for (const t of year.themes) refs.set(t.id, { id: t.id, name: t.name, year: year.label });
  }
  for (const t of agenda.overarching ?? []) refs.set(t.id, { id: t.id, name: t.name, year: null });
  return refs;
}

/** What changed from `before` to `after`: themes added, removed, moved to another year (or overarching), renamed. */
export function agendaChanges(before: AgendaDto | null, after: AgendaDto): AgendaChangesDto {
  const old = before ? themeRefs(before) : new Map<number, AgendaThemeRef>();
  const now = themeRefs(after);
  const changes: AgendaChangesDto = { added: [], removed: [], moved: [], renamed: [] };
  for (const [id, ref] of now) {
    const was = old.get(id);
    if (!was) changes.added.push(ref);
    else {
      if (was.year !== ref.year) changes.moved.push({ id, name: ref.name, from: was.year, to: ref.year });
      if (was.name !== ref.name) changes.renamed.push({ id, from: was.name, to: ref.name });
    }
  }
  for (const [id, ref] of old) if (!now.has(id)) changes.removed.push(ref);
  return changes;
}

const themeCount = (agenda: AgendaDto) =>
  (agenda.schoolYears ?? []).reduce((n, y) => n + y.themes.length, 0) + (agenda.overarching ?? []).length;

/** A stored version's agenda; a published one carries its number and dates (the frozen snapshot cannot). */
function agendaOf(row: AgendaVersionRow): AgendaDto {
  const snapshot = row.snapshot as AgendaDto;
  return {
    ...snapshot,
    version:
      row.status === 'published' && row.number !== null && row.publishedAt !== null
        ? { number: row.number, publishedAt: row.publishedAt, approvedAt: row.reviewedAt }
        : null
  };
}

function versionDto(row: AgendaVersionRow): AgendaVersionDto {
  return {
    id: row.id,
    cycleId: row.cycleId,
    number: row.number,
    status: row.status,
    themeCount: themeCount(row.snapshot as AgendaDto),
    proposalNote: row.proposalNote,
    proposedBy: row.proposedBy,
    proposedAt: row.proposedAt,
    reviewNote: row.reviewNote,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt
  };
}

async function currentAgenda(db: Kysely<Database>, cycleId: number): Promise<AgendaDto> {
  const source = await readAgendaSource(db, cycleId);
  if (!source) throw notFound('Cycle', cycleId);
  return buildAgenda(source);
}

/** The agenda as it would be published now, and how it differs from the latest published version. */
export async function agendaPreview(db: Kysely<Database>, cycleId: number): Promise<AgendaPreviewDto> {
  const source = await readAgendaSource(db, cycleId);
  if (!source) throw notFound('Cycle', cycleId);
  const agenda = buildAgenda(source);
  const latest = await findPublishedVersion(db, cycleId);
  return {
    agenda,
    againstNumber: latest?.number ?? null,
    changes: agendaChanges(latest ? agendaOf(latest) : null, agenda),
    notPlaced: source.themes
      .filter((t) => !t.isOverarching && t.yearStartsOn === null)
      .map((t) => ({ id: t.id, name: t.name }))
      .sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id)
  };
}

export async function listVersions(db: Kysely<Database>, cycleId: number): Promise<AgendaVersionListDto> {
  if (!(await readAgendaSource(db, cycleId))) throw notFound('Cycle', cycleId);
  return { versions: (await listAgendaVersions(db, cycleId)).map(versionDto) };
}

async function proposalOrThrow(db: Kysely<Database>, id: number): Promise<AgendaVersionRow> {
  const row = await findAgendaVersion(db, id);
  if (!row) throw notFound('Agenda proposal', id);
  return row;
}

const statusDetails = (row: AgendaVersionRow) => ({ id: row.id, status: row.status });

/**
 * Freezes the agenda as it stands into a proposal. One proposal per cycle is open at a time (proposed or approved):
 * the director decides on it before another is made, so nobody approves a snapshot that was silently replaced.
 */
export async function proposeAgenda(
  db: Kysely<Database>,
  input: { cycleId: number; userId: number | null; note?: string }
): Promise<AgendaVersionDto> {
  return inTransaction(db, async (trx) => {
    const agenda = await currentAgenda(trx, input.cycleId);
    const open = await findOpenProposal(trx, input.cycleId);
    if (open) {
      throw conflict(
        'agenda_open_proposal',
        `Proposal ${open.id} of this cycle is still ${open.status}; ` +
          `${open.status === 'proposed' ? 'approve or reject' : 'publish'} it before proposing another.`,
        statusDetails(open)
      );
    }
    if (themeCount(agenda) === 0) {
      throw conflict(
        'agenda_empty',
        'The agenda has no themes yet: place themes on a school year or mark them overarching first.'
      );
    }
    const id = await insertProposal(trx, {
      cycleId: input.cycleId,
      snapshot: agenda,
      note: input.note?.trim() ?? '',
      userId: input.userId
    });
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'agenda.propose',
      entity: 'agenda_version',
      entityId: id,
      before: null,
      after: { status: 'proposed', cycleId: input.cycleId, note: input.note?.trim() ?? '', themes: themeCount(agenda) }
    });
    return versionDto(await proposalOrThrow(trx, id));
  });
}

/** The director approves or rejects a proposal that is still waiting for review. */
export async function reviewProposal(
  db: Kysely<Database>,
  input: { id: number; userId: number | null; approve: boolean; note?: string }
): Promise<AgendaVersionDto> {
  return inTransaction(db, async (trx) => {
    const row = await proposalOrThrow(trx, input.id);
    const status = input.approve ? 'approved' : 'rejected';
    const note = input.note?.trim() ?? '';
    const done =
      row.status === 'proposed' &&
      (await reviewVersion(trx, { id: row.id, status, note, userId: input.userId, at: new Date() }));
    if (!done) {
      throw conflict(
        'agenda_not_proposed',
        `Proposal ${row.id} is ${row.status}; only a proposal waiting for review can be approved or rejected.`,
        statusDetails(row)
      );
    }
    await writeAudit(trx, {
      actorId: input.userId,
      action: input.approve ? 'agenda.approve' : 'agenda.reject',
      entity: 'agenda_version',
      entityId: row.id,
      before: { status: row.status },
      after: { status, note }
    });
    return versionDto(await proposalOrThrow(trx, row.id));
  });
}

/** Publishes an approved proposal as the next numbered version of its cycle; from then on it never changes. */
export async function publishProposal(
  db: Kysely<Database>,
  input: { id: number; userId: number | null }
): Promise<AgendaVersionDto> {
  return inTransaction(db, async (trx) => {
    const row = await proposalOrThrow(trx, input.id);
    const notApproved = () =>
      conflict(
        'agenda_not_approved',
        `Proposal ${row.id} is ${row.status}; only an approved proposal can be published.`,
        statusDetails(row)
      );
    if (row.status !== 'approved') throw notApproved();
    const number = await lockNextVersionNumber(trx, row.cycleId);
    if (!(await publishVersion(trx, { id: row.id, number, userId: input.userId, at: new Date() }))) {
      throw notApproved();
    }
    await markCyclePublished(trx, row.cycleId);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'agenda.publish',
      entity: 'agenda_version',
      entityId: row.id,
      before: { status: row.status, number: null },
      after: { status: 'published', number }
    });
    return versionDto(await proposalOrThrow(trx, row.id));
  });
}

/** A published version of the newest cycle that has one; the latest without a number. Null: none (yet). */
async function publishedRow(db: Kysely<Database>, number?: number): Promise<AgendaVersionRow | null> {
  const cycleId = await newestPublishedCycleId(db);
  return cycleId === null ? null : findPublishedVersion(db, cycleId, number);
}

/** The public agenda as JSON and the exports' source; 404 when nothing (or no such version) is published. */
export async function publishedAgenda(db: Kysely<Database>, number?: number): Promise<AgendaDto> {
  const row = await publishedRow(db, number);
  if (!row) {
    if (number === undefined) throw notFound('Published agenda', 'latest');
    throw notFound('Agenda version', number);
  }
  return agendaOf(row);
}

/** What the public page shows: the asked (or latest) version and the list of all published versions. */
export async function publicAgenda(db: Kysely<Database>, number?: number): Promise<PublicAgendaDto> {
  const cycleId = await newestPublishedCycleId(db);
  if (cycleId === null) {
    if (number !== undefined) throw notFound('Agenda version', number);
    return { agenda: null, latestNumber: null, versions: [] };
  }
  const row = await findPublishedVersion(db, cycleId, number);
  if (!row) throw notFound('Agenda version', number ?? 'latest');
  const versions = await listPublishedNumbers(db, cycleId);
  return { agenda: agendaOf(row), latestNumber: versions.at(-1)?.number ?? null, versions };
}
