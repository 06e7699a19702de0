import { error, redirect } from '@sveltejs/kit';
import type { Role } from '$shared/roles';
import type { UserDto } from '$shared/schemas';

/** Who may open which pages; the API checks the same roles again on every call. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'staff'];
export const STAFF_AND_DIRECTOR_ROLES: readonly Role[] = ['admin', 'staff', 'director'];
export const COMMITTEE_ROLES: readonly Role[] = ['committee'];

/** Every page checks the role on the server: anonymous visitors go to the login page, others get 403. */
export function requireRole(user: UserDto | null, roles: readonly Role[], url: URL): UserDto {
  if (!user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  if (!roles.includes(user.role)) error(403, { message: 'forbidden', code: 'forbidden' });
  return user;
}

/** Staff and admins change things; the director reads along. */
export function canEdit(user: UserDto): boolean {
  return STAFF_ROLES.includes(user.role);
}
