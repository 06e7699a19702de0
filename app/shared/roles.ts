/** Who may call a route: `public` is anyone, logged in or not. */
export const ROLES = ['admin', 'staff', 'director', 'committee'] as const;
export type Role = (typeof ROLES)[number];
export type Access = Role | 'public';

export const STAFF: Access[] = ['admin', 'staff'];
export const STAFF_AND_DIRECTOR: Access[] = ['admin', 'staff', 'director'];
export const ANY_USER: Access[] = [...ROLES];
