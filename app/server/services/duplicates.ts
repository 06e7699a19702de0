import { findDuplicates } from '../../../analysis/index.js';
import { writeAudit } from '../../../db/queries/audit.js';
import { findCycle } from '../../../db/queries/cycles.js';
import {
  countDuplicateLinks,
  type DuplicateLink,
  findDuplicateLink,
  setDuplicateStatus,
  storeDuplicateProposals
} from '../../../db/queries/duplicates.js';
import { listActiveQuestionTexts } from '../../../db/queries/questions.js';
import type { Database, DuplicateStatus } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import type { Kysely } from 'kysely';
import { notFound } from '../errors.js';

export interface DetectionResult {
  /** Active questions compared. */
  questionCount: number;
  /** Links found this time, decided ones included. */
  found: number;
  /** Proposals that did not exist before. */
  added: number;
  /** The cycle's links per status after the detection. */
  proposed: number;
  confirmed: number;
  rejected: number;
}

/**
 * Compares the cycle's active questions and proposes each repeat as a duplicate of the earliest question of its group.
 * Decisions already taken stay: confirmed links are not touched, rejected pairs are not proposed again.
 */
export async function detectDuplicates(
  db: Kysely<Database>,
  cycleId: number,
  userId: number
): Promise<DetectionResult> {
  if (!(await findCycle(db, cycleId))) throw notFound('Cycle', cycleId);
  const questions = await listActiveQuestionTexts(db, cycleId);
  // Outside the transaction: the comparison is pure and may take a moment on a large inventory.
  const links = findDuplicates(questions.map((q) => q.text)).map((link) => ({
    questionId: questions[link.index]!.id,
    duplicateOf: questions[link.duplicateOf]!.id,
    similarity: link.similarity,
    exact: link.exact
  }));
  return inTransaction(db, async (trx) => {
    const added = await storeDuplicateProposals(trx, cycleId, links);
    const counts = await countDuplicateLinks(trx, cycleId);
    const result = { questionCount: questions.length, found: links.length, added, ...counts };
    await writeAudit(trx, {
      actorId: userId,
      action: 'duplicates.detect',
      entity: 'cycle',
      entityId: cycleId,
      after: result
    });
    return result;
  });
}

/** Confirms or rejects a proposed duplicate, or takes the decision back ('proposed'); audited. */
export async function decideDuplicate(
  db: Kysely<Database>,
  cycleId: number,
  linkId: number,
  decision: DuplicateStatus,
  userId: number
): Promise<DuplicateLink> {
  return inTransaction(db, async (trx) => {
    const before = await findDuplicateLink(trx, linkId);
    if (!before || before.cycleId !== cycleId) throw notFound('Duplicate link', linkId);
    if (before.status === decision) return before;
    await setDuplicateStatus(trx, linkId, decision, userId);
    const after = (await findDuplicateLink(trx, linkId))!;
    await writeAudit(trx, {
      actorId: userId,
      action: `duplicate.${decision === 'proposed' ? 'undo' : decision === 'confirmed' ? 'confirm' : 'reject'}`,
      entity: 'duplicate_link',
      entityId: linkId,
      before: { status: before.status, questionId: before.questionId, duplicateOf: before.duplicateOf },
      after: { status: after.status, questionId: after.questionId, duplicateOf: after.duplicateOf }
    });
    return after;
  });
}
