import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import { upload, UploadAborted, type UploadProgress } from './upload';

type Listener = ((event: { loaded: number }) => void) | null;

/** Just enough of XMLHttpRequest to play a request through by hand. */
class FakeXhr {
  static last: FakeXhr;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  statusText = '';
  responseText = '';
  upload: { onprogress: Listener; onload: Listener } = { onprogress: null, onload: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  answer(status: number, text: string) {
    this.status = status;
    this.responseText = text;
    this.onload?.();
  }
}

describe('upload', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function start(onprogress?: (p: UploadProgress) => void) {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const file = new Blob(['vraag\nHoe?\n']);
    const sending = upload<{ ok: boolean }>('/api/x?y=1', file, {
      contentType: 'text/csv',
      headers: { 'x-csrf-token': 'abc' },
      onprogress
    });
    return { sending, xhr: FakeXhr.last, file };
  }

  it('posts the file with its content type and the extra headers', async () => {
    const { sending, xhr, file } = start();
    xhr.answer(201, '{"ok":true}');
    await expect(sending.done).resolves.toEqual({ ok: true });
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/x?y=1');
    expect(xhr.headers).toEqual({ 'content-type': 'text/csv', 'x-csrf-token': 'abc' });
    expect(xhr.body).toBe(file);
  });

  it('reports the bytes sent, then that the whole file has left', () => {
    const seen: UploadProgress[] = [];
    const { xhr } = start((p) => seen.push(p));
    xhr.upload.onprogress?.({ loaded: 4 });
    xhr.upload.onload?.({ loaded: 11 });
    expect(seen).toEqual([
      { loaded: 0, total: 11, sent: false },
      { loaded: 4, total: 11, sent: false },
      { loaded: 11, total: 11, sent: true }
    ]);
  });

  it('turns an error body into an ApiError with code and details', async () => {
    const { sending, xhr } = start();
    xhr.answer(400, '{"error":{"code":"no_rows","message":"No rows.","details":{"fileName":"a.csv"}}}');
    await expect(sending.done).rejects.toEqual(expect.objectContaining({ status: 400, code: 'no_rows' }));
    await expect(sending.done).rejects.toHaveProperty('details', { fileName: 'a.csv' });
  });

  it('calls an answer that is not ours a network failure', async () => {
    const { sending, xhr } = start();
    xhr.answer(502, '<html>Bad gateway</html>');
    await expect(sending.done).rejects.toEqual(expect.objectContaining({ status: 502, code: 'network' }));
    await expect(sending.done).rejects.toBeInstanceOf(ApiError);
  });

  it('rejects with UploadAborted after abort()', async () => {
    const { sending } = start();
    sending.abort();
    await expect(sending.done).rejects.toBeInstanceOf(UploadAborted);
  });
});
