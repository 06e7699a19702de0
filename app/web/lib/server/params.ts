import { error } from '@sveltejs/kit';

/** An id from the URL; anything but a positive whole number is a page that does not exist. */
export function idParam(value: string): number {
  const id = Number(value);
  if (!/^[1-9]\d{0,9}$/.test(value) || id > 2147483647) error(404, { message: 'not_found', code: 'not_found' });
  return id;
}
