import { toError } from '$lib/api';
import type { InvitationPublicDto } from '$shared/schemas';
import type { PageServerLoad } from './$types';

/**
 * Anyone with the link may open it. A link that does not work is not an error page but an explanation
 * (unknown, used, withdrawn, expired) on this page.
 */
export const load: PageServerLoad = async ({ fetch, params, setHeaders }) => {
  // The token is a secret: no copy in a cache, and no Referer carrying it elsewhere.
  setHeaders({ 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' });
  const response = await fetch(`/api/invitation-links/${encodeURIComponent(params.token)}`);
  if (response.ok) {
    return { token: params.token, invitation: (await response.json()) as InvitationPublicDto, problem: null };
  }
  const failure = await toError(response);
  return { token: params.token, invitation: null, problem: failure.code };
};
