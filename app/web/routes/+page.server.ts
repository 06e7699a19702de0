import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

const HOME: Record<string, string> = {
  admin: '/cycles',
  staff: '/cycles',
  director: '/cycles',
  committee: '/committee'
};

export const load: PageServerLoad = async ({ parent }) => {
  const { user } = await parent();
  redirect(303, user ? (HOME[user.role] ?? '/login') : '/login');
};
