/** A mistake the caller can fix, or a rule the caller ran into: always a 4xx with a clear message. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'Log in first.') => new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'Your role may not do this.') => new AppError(403, 'forbidden', message);
export const notFound = (what: string, id: number | string) =>
  new AppError(404, 'not_found', `${what} ${id} does not exist.`, { what, id });
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(409, code, message, details);
/** An upload over the size limit, refused as soon as the limit is passed. */
export const tooLarge = (limit: number) =>
  new AppError(413, 'too_large', `The file is larger than the limit of ${Math.round(limit / 1024 / 1024)} MB.`, {
    limit
  });
