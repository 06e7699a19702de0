import type { Kysely } from 'kysely';
import { writeAudit } from '../../../db/queries/audit.js';
import { findCycle } from '../../../db/queries/cycles.js';
import {
  activeQuestionIdsOfTheme,
  activeThemedQuestionIds,
  deleteOutput,
  findOutput,
  findThemeRoute,
  insertAdHocTheme,
  insertOutput,
  listCycleOutputs,
  listRouteThemes,
  type OutputFields,
  setOutputQuestions,
  type ThemeOutput,
  unassignedAmong,
  updateOutput,
  upsertThemeRoute
} from '../../../db/queries/knowledge-routes.js';
import { assignUnassignedQuestions } from '../../../db/queries/themes.js';
import type { Database } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import {
  type AdHocThemeBody,
  type AdHocThemeDto,
  type CycleRoutesDto,
  type EvaluationDto,
  OUTPUT_KINDS,
  OUTPUT_STATUSES,
  type OutputBody,
  type OutputDto,
  type RouteAnswerDto,
  type RouteBody,
  routeWarning,
  type ThemeRouteDto
} from '../../shared/knowledge-routes.js';
import { toCsv } from '../lib/csv.js';
import { badRequest, notFound } from '../errors.js';

type Db = Kysely<Database>;

/** Outputs are dated within this window: anything outside it is a typing error, not a plan. */
const EARLIEST_DAY = '2000-01-01';
const LATEST_DAY = '2100-12-31';

async function requireCycle(db: Db, cycleId: number): Promise<void> {
  if (!(await findCycle(db, cycleId))) throw notFound('Cycle', cycleId);
}

const idList = (ids: readonly number[]) => ids.slice(0, 20).join(', ') + (ids.length > 20 ? ', …' : '');

/** Covered questions of an output that still count: active questions of its theme. */
function outputDto(output: ThemeOutput, activeIds: ReadonlySet<number>): OutputDto {
  return {
    id: output.id,
    themeId: output.themeId,
    kind: output.kind,
    title: output.title,
    url: output.url,
    status: output.status,
    plannedOn: output.plannedOn,
    deliveredOn: output.deliveredOn,
    questionIds: output.questionIds,
    coveredQuestionCount: output.questionIds.filter((id) => activeIds.has(id)).length
  };
}

/** Every theme of the cycle with its route and outputs, by name. */
export async function cycleRoutes(db: Db, cycleId: number): Promise<CycleRoutesDto> {
  await requireCycle(db, cycleId);
  const themes = await listRouteThemes(db, cycleId);
  const outputs = await listCycleOutputs(db, cycleId);
  const active = new Set(await activeThemedQuestionIds(db, cycleId));
  return {
    cycleId,
    themes: themes.map((theme): ThemeRouteDto => ({
      themeId: theme.id,
      name: theme.name,
      isOverarching: theme.isOverarching,
      isAdHoc: theme.isAdHoc,
      adHocJustification: theme.adHocJustification,
      questionCount: theme.questionCount,
      coveredCount: theme.coveredCount,
      evidenceStatus: theme.evidenceStatus,
      plannedOutput: theme.plannedOutput,
      note: theme.note,
      warning: routeWarning(theme.evidenceStatus, theme.plannedOutput),
      outputs: outputs.filter((o) => o.themeId === theme.id).map((o) => outputDto(o, active))
    }))
  };
}

/** Records the theme's route; a planned output that does not fit the evidence is kept but flagged. */
export async function setRoute(
  db: Db,
  input: { themeId: number; body: RouteBody; userId: number }
): Promise<RouteAnswerDto> {
  return inTransaction(db, async (trx) => {
    const theme = await findThemeRoute(trx, input.themeId);
    if (!theme) throw notFound('Theme', input.themeId);
    const after = {
      evidenceStatus: input.body.evidenceStatus,
      plannedOutput: input.body.plannedOutput,
      note: (input.body.note ?? '').trim()
    };
    await upsertThemeRoute(trx, input.themeId, after, input.userId);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'route.update',
      entity: 'theme_route',
      entityId: input.themeId,
      before: theme.route,
      after
    });
    return { themeId: input.themeId, ...after, warning: routeWarning(after.evidenceStatus, after.plannedOutput) };
  });
}

/** A real calendar day within reason, or a 400 naming the field. */
function checkDay(field: 'plannedOn' | 'deliveredOn', value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw badRequest('invalid_date', `${field} ${value} is not a date that exists.`, { field, value });
  }
  if (value < EARLIEST_DAY || value > LATEST_DAY) {
    throw badRequest('date_out_of_range', `${field} must lie between ${EARLIEST_DAY} and ${LATEST_DAY}.`, {
      field,
      value,
      earliest: EARLIEST_DAY,
      latest: LATEST_DAY
    });
  }
  return value;
}

/** The output's fields, checked; the covered questions are checked against the theme separately. */
function outputFields(body: OutputBody): OutputFields {
  const title = body.title.trim();
  if (title === '') throw badRequest('title_required', 'Give the output a title.');
  const rawUrl = body.url?.trim() ?? '';
  let url: string | null = null;
  if (rawUrl !== '') {
    let parsed: URL | null = null;
    try {
      parsed = new URL(rawUrl);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
      throw badRequest('invalid_url', `The link must be a web address starting with http:// or https://.`, {
        url: rawUrl
      });
    }
    url = rawUrl;
  }
  const status = body.status ?? 'planned';
  const plannedOn = checkDay('plannedOn', body.plannedOn);
  const deliveredOn = checkDay('deliveredOn', body.deliveredOn);
  // A delivery date says the output is there; with any other status the two would contradict each other.
  if (deliveredOn !== null && status !== 'delivered') {
    throw badRequest('delivered_on_without_delivery', 'A delivery date needs the status "delivered".', {
      status
    });
  }
  return { kind: body.kind, title, url, status, plannedOn, deliveredOn };
}

/** The questions an output covers: `coversAll` takes every active question of the theme; others must be in it. */
async function coveredQuestions(db: Db, themeId: number, body: OutputBody): Promise<number[]> {
  const ofTheme = await activeQuestionIdsOfTheme(db, themeId);
  if (body.coversAll) {
    if ((body.questionIds ?? []).length > 0) {
      throw badRequest('covers_all_with_ids', 'Give either coversAll or a list of questionIds, not both.');
    }
    return ofTheme;
  }
  const picked = [...new Set(body.questionIds ?? [])].sort((a, b) => a - b);
  const inTheme = new Set(ofTheme);
  const foreign = picked.filter((id) => !inTheme.has(id));
  if (foreign.length > 0) {
    throw badRequest(
      'questions_not_in_theme',
      `Questions ${idList(foreign)} are not active questions of this theme; an output can only cover its theme's questions.`,
      { questionIds: foreign }
    );
  }
  return picked;
}

async function outputAnswer(db: Db, outputId: number): Promise<OutputDto> {
  const output = await findOutput(db, outputId);
  if (!output) throw notFound('Output', outputId);
  return outputDto(output, new Set(await activeQuestionIdsOfTheme(db, output.themeId)));
}

const auditView = (o: OutputFields & { themeId: number; questionIds: number[] }) => ({
  themeId: o.themeId,
  kind: o.kind,
  title: o.title,
  url: o.url,
  status: o.status,
  plannedOn: o.plannedOn,
  deliveredOn: o.deliveredOn,
  questionIds: o.questionIds
});

export async function addOutput(
  db: Db,
  input: { themeId: number; body: OutputBody; userId: number }
): Promise<OutputDto> {
  return inTransaction(db, async (trx) => {
    if (!(await findThemeRoute(trx, input.themeId))) throw notFound('Theme', input.themeId);
    const fields = outputFields(input.body);
    const questionIds = await coveredQuestions(trx, input.themeId, input.body);
    const id = await insertOutput(trx, input.themeId, fields, input.userId);
    await setOutputQuestions(trx, id, questionIds);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'output.create',
      entity: 'theme_output',
      entityId: id,
      after: auditView({ ...fields, themeId: input.themeId, questionIds })
    });
    return outputAnswer(trx, id);
  });
}

export async function replaceOutput(
  db: Db,
  input: { outputId: number; body: OutputBody; userId: number }
): Promise<OutputDto> {
  return inTransaction(db, async (trx) => {
    const before = await findOutput(trx, input.outputId);
    if (!before) throw notFound('Output', input.outputId);
    const fields = outputFields(input.body);
    const questionIds = await coveredQuestions(trx, before.themeId, input.body);
    await updateOutput(trx, input.outputId, fields);
    await setOutputQuestions(trx, input.outputId, questionIds);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'output.update',
      entity: 'theme_output',
      entityId: input.outputId,
      before: auditView(before),
      after: auditView({ ...fields, themeId: before.themeId, questionIds })
    });
    return outputAnswer(trx, input.outputId);
  });
}

export async function removeOutput(db: Db, input: { outputId: number; userId: number }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await findOutput(trx, input.outputId);
    if (!before) throw notFound('Output', input.outputId);
    await deleteOutput(trx, input.outputId);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'output.delete',
      entity: 'theme_output',
      entityId: input.outputId,
      before: auditView(before)
    });
  });
}

/**
 * Adds an urgent theme mid-cycle. It says why (a blank justification is refused), is locked so re-clustering keeps
 * it, and may take questions from "niet toegewezen" at once.
 */
export async function addAdHocTheme(
  db: Db,
  input: { cycleId: number; body: AdHocThemeBody; userId: number }
): Promise<AdHocThemeDto> {
  const name = input.body.name.trim();
  const justification = input.body.justification.trim();
  if (name === '') throw badRequest('name_required', 'Give the ad-hoc theme a name.');
  if (justification === '') {
    throw badRequest('justification_required', 'Say why this ad-hoc theme is needed: the justification is required.');
  }
  return inTransaction(db, async (trx) => {
    await requireCycle(trx, input.cycleId);
    const wanted = [...new Set(input.body.questionIds ?? [])].sort((a, b) => a - b);
    const unassigned = new Set(await unassignedAmong(trx, input.cycleId, wanted));
    const elsewhere = wanted.filter((id) => !unassigned.has(id));
    if (elsewhere.length > 0) {
      throw badRequest(
        'questions_not_unassigned',
        `Questions ${idList(elsewhere)} are not in "niet toegewezen" of this cycle; move them there first.`,
        { questionIds: elsewhere }
      );
    }
    const description = (input.body.description ?? '').trim();
    const themeId = await insertAdHocTheme(trx, { cycleId: input.cycleId, name, description, justification });
    const moved = await assignUnassignedQuestions(trx, input.cycleId, themeId, wanted);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'theme.create_ad_hoc',
      entity: 'theme',
      entityId: themeId,
      after: { cycleId: input.cycleId, name, description, justification, questionIds: wanted }
    });
    return { themeId, name, justification, movedQuestions: moved };
  });
}

const share = (covered: number, total: number) => (total === 0 ? null : covered / total);

/** Which themes got which outputs, and how many of their questions those cover. */
export async function cycleEvaluation(db: Db, cycleId: number): Promise<EvaluationDto> {
  const routes = await cycleRoutes(db, cycleId);
  const themes = routes.themes.map((theme) => ({
    themeId: theme.themeId,
    name: theme.name,
    isOverarching: theme.isOverarching,
    isAdHoc: theme.isAdHoc,
    evidenceStatus: theme.evidenceStatus,
    plannedOutput: theme.plannedOutput,
    questionCount: theme.questionCount,
    coveredCount: theme.coveredCount,
    coveredShare: share(theme.coveredCount, theme.questionCount),
    outputs: theme.outputs
  }));
  const hasOutput = (t: (typeof themes)[number]) => t.outputs.some((o) => o.status !== 'cancelled');
  const all = themes.flatMap((t) => t.outputs);
  const questions = themes.reduce((sum, t) => sum + t.questionCount, 0);
  const covered = themes.reduce((sum, t) => sum + t.coveredCount, 0);
  return {
    cycleId,
    themes,
    totals: {
      themes: themes.length,
      themesWithOutput: themes.filter(hasOutput).length,
      questions,
      covered,
      coveredShare: share(covered, questions),
      outputs: OUTPUT_KINDS.flatMap((kind) =>
        OUTPUT_STATUSES.map((status) => ({
          kind,
          status,
          count: all.filter((o) => o.kind === kind && o.status === status).length
        }))
      )
    },
    themesWithoutOutput: themes.filter((t) => !hasOutput(t)).map((t) => ({ themeId: t.themeId, name: t.name }))
  };
}

export const EVALUATION_COLUMNS = [
  'theme_id',
  'theme',
  'ad_hoc',
  'overarching',
  'evidence_status',
  'planned_output',
  'questions',
  'covered_questions',
  'covered_share',
  'outputs_guide',
  'outputs_valorisation',
  'outputs_research',
  'outputs_delivered',
  'outputs'
];

/** The evaluation as CSV: one row per theme; cancelled outputs are listed but not counted. */
export function evaluationCsv(dto: EvaluationDto): string {
  return toCsv(
    EVALUATION_COLUMNS,
    dto.themes.map((t) => {
      const live = t.outputs.filter((o) => o.status !== 'cancelled');
      return [
        t.themeId,
        t.name,
        t.isAdHoc ? 'yes' : 'no',
        t.isOverarching ? 'yes' : 'no',
        t.evidenceStatus,
        t.plannedOutput ?? '',
        t.questionCount,
        t.coveredCount,
        t.coveredShare === null ? '' : t.coveredShare.toFixed(4),
        live.filter((o) => o.kind === 'guide').length,
        live.filter((o) => o.kind === 'valorisation').length,
        live.filter((o) => o.kind === 'research').length,
        live.filter((o) => o.status === 'delivered').length,
        t.outputs.map((o) => `${o.kind}: ${o.title} (${o.status}${o.url ? `, ${o.url}` : ''})`).join('; ')
      ];
    })
  );
}
