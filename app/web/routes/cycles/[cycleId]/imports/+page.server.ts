import type { ImportBatchDto, SourceDto } from '$shared/schemas';
import { apiGet } from '$lib/server/api';
import { requireRole, STAFF_ROLES } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, parent, url }) => {
  const { user, cycle } = await parent();
  requireRole(user, STAFF_ROLES, url);
  const [sources, batches] = await Promise.all([
    apiGet<SourceDto[]>(fetch, `/api/cycles/${cycle.id}/sources`),
    apiGet<ImportBatchDto[]>(fetch, `/api/cycles/${cycle.id}/imports`)
  ]);
  return { sources, batches };
};
