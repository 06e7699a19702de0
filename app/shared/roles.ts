/**
 * Who may call a route: `public` is anyone, logged in or not; `session-owner` is the session that started the work
 * the route reports on, checked by the route itself against that work without a database lookup (so it answers while
 * the embedded database is busy with that very work).
 */
export const ROLES = ['admin', 'staff', 'director', 'committee'] as const;
export type Role = (typeof ROLES)[number];
export type Access = Role | 'public' | 'session-owner';
export const SESSION_OWNER: Access[] = ['session-owner'];

export const STAFF: Access[] = ['admin', 'staff'];
export const STAFF_AND_DIRECTOR: Access[] = ['admin', 'staff', 'director'];
export const ANY_USER: Access[] = [...ROLES];
