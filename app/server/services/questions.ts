import type { Kysely } from 'kysely';
import { writeAudit } from '../../../db/queries/audit.js';
import { findCellParts, mergeCellParts, questionWithHashExists } from '../../../db/queries/questions.js';
import { themeIdsInRounds } from '../../../db/queries/themes.js';
import type { Database } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { questionHash } from '../import/question-text.js';

/** Undoes the split of a cell into several questions: the whole cell becomes one question again. */
export async function undoSplit(
  db: Kysely<Database>,
  input: { cycleId: number; questionId: number; userId: number | null }
): Promise<{ questionId: number; text: string }> {
  return inTransaction(db, async (trx) => {
    const parts = await findCellParts(trx, input.cycleId, input.questionId);
    if (parts.length === 0) {
      const exists = await trx
        .selectFrom('questions')
        .select('id')
        .where('id', '=', input.questionId)
        .where('cycle_id', '=', input.cycleId)
        .executeTakeFirst();
      if (!exists) throw notFound('Question', input.questionId);
      throw badRequest('not_split', `Question ${input.questionId} was not split from a larger cell.`);
    }
    const rated = new Set(await themeIdsInRounds(trx, input.cycleId));
    if (parts.some((p) => p.themeId !== null && rated.has(p.themeId))) {
      throw conflict('split_rated', 'A part of this cell sits in a theme that was rated; the split stays.');
    }
    const text = (parts[0]!.cellText ?? parts.map((p) => p.text).join(' ')).replace(/\s+/g, ' ').trim();
    const hash = questionHash(text);
    const ids = parts.map((p) => p.id);
    if (await questionWithHashExists(trx, parts[0]!.sourceId, hash, ids)) {
      throw conflict('duplicate_question', 'The whole cell already exists as a question in this source.');
    }
    await mergeCellParts(trx, ids, text, hash);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'question.unsplit',
      entity: 'question',
      entityId: ids[0]!,
      before: parts.map((p) => ({ id: p.id, text: p.text })),
      after: { id: ids[0], text }
    });
    return { questionId: ids[0]!, text };
  });
}
