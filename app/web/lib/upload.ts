import { ApiError, parseError } from './api-error';

export interface UploadProgress {
  /** Bytes of the body sent so far. */
  loaded: number;
  total: number;
  /** Every byte has left: the server is at work and the answer is on its way. */
  sent: boolean;
}

/** The person stopped the upload. */
export class UploadAborted extends Error {
  constructor() {
    super('The upload was cancelled.');
    this.name = 'UploadAborted';
  }
}

export interface Upload<T> {
  /** The parsed JSON answer; rejects with ApiError, or UploadAborted after abort(). */
  readonly done: Promise<T>;
  abort(): void;
}

export interface UploadOptions {
  contentType: string;
  headers?: Record<string, string>;
  onprogress?: (progress: UploadProgress) => void;
}

/**
 * Sends a file as the request body. XMLHttpRequest rather than fetch: only it reports how many
 * bytes have been sent, which is what a progress bar for a large spreadsheet needs.
 */
export function upload<T>(url: string, body: Blob, options: UploadOptions): Upload<T> {
  const xhr = new XMLHttpRequest();
  const total = body.size;
  const report = (loaded: number, sent: boolean) =>
    options.onprogress?.({ loaded: Math.min(loaded, total), total, sent });
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', options.contentType);
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => report(event.loaded, false);
    xhr.upload.onload = () => report(total, true);
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300)
        return reject(parseError(xhr.status, xhr.responseText, xhr.statusText));
      try {
        resolve(JSON.parse(xhr.responseText) as T);
      } catch {
        reject(new ApiError(xhr.status, 'network', 'The answer of the server could not be read.'));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The server could not be reached.'));
    xhr.onabort = () => reject(new UploadAborted());
    report(0, false);
    xhr.send(body);
  });
  return { done, abort: () => xhr.abort() };
}
