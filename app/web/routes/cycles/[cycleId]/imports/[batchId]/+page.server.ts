import { error } from '@sveltejs/kit';
import type { ImportBatchDto, PersonalRecordDto, SplitCellDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_ROLES } from '$lib/server/guard';
import { idParam } from '$lib/server/params';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params, parent, setHeaders, url }) => {
  const { user, cycle } = await parent();
  requireRole(user, STAFF_ROLES, url);
  const batchId = idParam(params.batchId);
  const base = `/api/cycles/${cycle.id}/imports`;
  const [batches, splits, personal] = await Promise.all([
    apiGet<ImportBatchDto[]>(fetch, base),
    apiGet<SplitCellDto[]>(fetch, `${base}/${batchId}/splits`),
    apiGet<PersonalRecordDto[]>(fetch, `${base}/${batchId}/personal-data`)
  ]);
  const batch = batches.find((b) => b.id === batchId);
  if (!batch) error(404, { message: 'not_found', code: 'not_found' });
  // The askers' personal data travel in this page: no shared cache or browser history copy may keep them.
  setHeaders({ 'cache-control': 'private, no-store' });
  return { batch, splits, personal };
};
