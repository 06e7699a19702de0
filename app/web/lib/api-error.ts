import type { ErrorBody } from '$shared/schemas';

/** A refusal from the API, with the code the UI translates. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
  }
}

/** The API's error body as an ApiError; a bare 'network' refusal when the body is not ours (a proxy's page). */
export function parseError(status: number, text: string, statusText = ''): ApiError {
  try {
    const { error } = JSON.parse(text) as ErrorBody;
    return new ApiError(status, error.code, error.message, error.details ?? {});
  } catch {
    return new ApiError(status, 'network', statusText);
  }
}
