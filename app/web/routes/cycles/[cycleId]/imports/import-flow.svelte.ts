import { api, ApiError, csrfHeaders } from '$lib/api';
import type { MessageKey } from '$lib/i18n';
import { upload, UploadAborted, type Upload, type UploadProgress } from '$lib/upload';
import type { ImportBatchDto, ImportPreviewDto, ImportProgressDto } from '$shared/schemas';
import type { ColumnRole, MappedColumn } from './column-roles';
import { isImportable, uploadType } from './import-file';
import { importUrl } from './import-url';

/** What the status line says: an API refusal (translated by errorText) or a message of ours. */
export type Notice =
  | { tone: 'error'; error: unknown }
  | { tone: 'error' | 'info'; key: MessageKey; params?: Record<string, string | number> };

export interface Transfer extends UploadProgress {
  purpose: 'preview' | 'import';
  fileName: string;
  /** What the server has read of an import so far (rows, questions), once it says. */
  server: ImportProgressDto | null;
  /** Staff asked the server to stop the import; it rolls back. */
  stopping: boolean;
}

/** How often the server is asked how far an import has come. */
const POLL_MS = 500;

/** How a step ended; 'superseded' when a newer upload took its place. */
export type Outcome = 'done' | 'failed' | 'cancelled' | 'superseded';

interface Settings {
  encoding?: string;
  delimiter?: string;
  mapping?: MappedColumn[];
}

type Sent<T> = { ok: true; value: T } | { ok: false; outcome: 'failed' | 'cancelled' | 'superseded'; error?: unknown };

const copy = (columns: readonly MappedColumn[]): MappedColumn[] =>
  columns.map(({ column, role }) => ({ column, role }));

function sameMapping(a: readonly MappedColumn[], b: readonly MappedColumn[]): boolean {
  return a.length === b.length && a.every((c, i) => c.column === b[i]?.column && c.role === b[i]?.role);
}

/**
 * The two steps of an import: send the file for a preview (again whenever staff change how it
 * is read or what a column holds), then send it once more with the confirmed mapping.
 * One upload at a time: a newer preview replaces one still on its way.
 */
export class ImportFlow {
  #cycleId: () => number;
  #sourceId = $state('');
  #file = $state<File | null>(null);
  #step = $state<'choose' | 'preview'>('choose');
  #preview = $state<ImportPreviewDto | null>(null);
  #mapping = $state<MappedColumn[]>([]);
  #encoding = $state('');
  #delimiter = $state('');
  /** How the file shown was read; the selects fall back to it when a new reading fails. */
  #settled = { encoding: '', delimiter: '' };
  #transfer = $state<Transfer | null>(null);
  #result = $state<ImportBatchDto | null>(null);
  #notice = $state<Notice | null>(null);
  #running: Upload<unknown> | null = null;
  /** The progress key of the import on its way. */
  #progressKey: string | null = null;
  /** Numbers the uploads: an answer to any but the latest is stale. */
  #sequence = 0;

  constructor(cycleId: () => number) {
    this.#cycleId = cycleId;
  }

  get sourceId(): string {
    return this.#sourceId;
  }
  set sourceId(value: string) {
    this.#sourceId = value;
  }
  get file(): File | null {
    return this.#file;
  }
  get step(): 'choose' | 'preview' {
    return this.#step;
  }
  /** The preview shown at step 2. */
  get preview(): ImportPreviewDto | null {
    return this.#preview;
  }
  get mapping(): readonly MappedColumn[] {
    return this.#mapping;
  }
  get encoding(): string {
    return this.#encoding;
  }
  get delimiter(): string {
    return this.#delimiter;
  }
  get transfer(): Transfer | null {
    return this.#transfer;
  }
  get busy(): boolean {
    return this.#transfer !== null;
  }
  get result(): ImportBatchDto | null {
    return this.#result;
  }
  get notice(): Notice | null {
    return this.#notice;
  }
  get hasText(): boolean {
    return this.#mapping.some((c) => c.role === 'text');
  }
  /** Whether the counts on screen belong to another mapping than the one chosen now. */
  get countsStale(): boolean {
    if (!this.#preview) return false;
    return this.#transfer?.purpose === 'preview' || !sameMapping(this.#preview.mapping.columns, this.#mapping);
  }

  /** Takes the file chosen or dropped; refuses kinds the importer cannot read. */
  choose(file: File | null): boolean {
    this.#notice = null;
    this.#result = null;
    if (file && !isImportable(file.name)) {
      this.#file = null;
      this.#notice = { tone: 'error', key: 'import.unsupportedFile', params: { name: file.name } };
      return false;
    }
    this.#file = file;
    return true;
  }

  /** Step 1 → 2: the server reads the file and proposes encoding, delimiter and mapping. */
  start(): Promise<Outcome> {
    if (!this.#sourceId) return Promise.resolve(this.#refuse('import.chooseSourceFirst'));
    if (!this.#file) return Promise.resolve(this.#refuse('import.chooseFileFirst'));
    this.#result = null;
    return this.#read({});
  }

  /** Reads the file again with another encoding; the mapping is proposed anew for the columns found. */
  setEncoding(encoding: string): Promise<Outcome> {
    this.#encoding = encoding;
    return this.#read({ encoding, delimiter: this.#delimiter });
  }

  setDelimiter(delimiter: string): Promise<Outcome> {
    this.#delimiter = delimiter;
    return this.#read({ encoding: this.#encoding, delimiter });
  }

  /** Changes what a column holds and recounts the questions with the new mapping. */
  setRole(column: string, role: ColumnRole): Promise<Outcome> {
    this.#mapping = this.#mapping.map((c) => (c.column === column ? { column, role } : c));
    return this.#read({ encoding: this.#encoding, delimiter: this.#delimiter, mapping: this.#mapping });
  }

  /** Step 2 → done: the same file again, with the mapping staff confirmed. */
  async confirm(): Promise<Outcome> {
    const file = this.#file;
    if (!file || !this.#sourceId) return 'failed';
    if (!this.hasText) return this.#refuse('import.preview.needText');
    this.#notice = null;
    const progress = crypto.randomUUID();
    const url = importUrl(
      this.#cycleId(),
      {
        sourceId: this.#sourceId,
        fileName: file.name,
        progress,
        ...this.#choice(this.#encoding, this.#delimiter, this.#mapping)
      },
      'import'
    );
    const sent = await this.#send<ImportBatchDto>('import', url, progress);
    if (sent.ok) {
      this.#result = sent.value;
      this.#reset();
      return 'done';
    }
    if (sent.outcome === 'cancelled') this.#notice = { tone: 'info', key: 'upload.importCancelled' };
    else if (sent.outcome === 'failed') this.#notice = { tone: 'error', error: sent.error };
    return sent.outcome;
  }

  /**
   * Stops the upload on its way. An import whose file has been sent in full is asked to stop on the server, which
   * rolls it back.
   */
  cancel(): void {
    const transfer = this.#transfer;
    if (transfer?.purpose === 'import' && transfer.sent) {
      if (!this.#progressKey || transfer.stopping) return;
      this.#transfer = { ...transfer, stopping: true };
      api('POST', `/api/imports/progress/${this.#progressKey}/cancel`).catch(() => {
        // Too late: the import finished (or failed) before the request arrived; its answer tells which.
      });
      return;
    }
    this.#running?.abort();
  }

  /** Back to step 1 without importing. */
  discard(): void {
    this.#drop();
    this.#notice = null;
    this.#reset();
  }

  /** Stops the upload on its way without a word: its answer no longer matters. */
  #drop() {
    this.#sequence++;
    this.#running?.abort();
    this.#running = null;
    this.#transfer = null;
  }

  #refuse(key: MessageKey): Outcome {
    this.#notice = { tone: 'error', key };
    return 'failed';
  }

  #choice(encoding?: string, delimiter?: string, mapping?: readonly MappedColumn[]) {
    return { encoding, delimiter, mapping: mapping ? { columns: copy(mapping) } : undefined };
  }

  async #read(settings: Settings): Promise<Outcome> {
    const file = this.#file;
    if (!file) return 'failed';
    const first = this.#step === 'choose';
    const url = importUrl(
      this.#cycleId(),
      {
        sourceId: this.#sourceId,
        fileName: file.name,
        ...this.#choice(settings.encoding, settings.delimiter, settings.mapping)
      },
      'preview'
    );
    if (first) this.#notice = null;
    const sent = await this.#send<ImportPreviewDto>('preview', url);
    if (sent.ok) {
      const preview = sent.value;
      this.#preview = preview;
      this.#mapping = copy(preview.mapping.columns);
      this.#settle(preview.encoding ?? '', preview.delimiter ?? '');
      this.#step = 'preview';
      // Without a text column the server counts nothing: staff pick the column first.
      const key: MessageKey = this.hasText
        ? first
          ? 'import.preview.ready'
          : 'import.preview.updated'
        : first
          ? 'import.preview.chooseText'
          : 'import.preview.needText';
      this.#notice = { tone: this.hasText ? 'info' : 'error', key, params: { name: file.name } };
      return 'done';
    }
    if (sent.outcome === 'superseded') return 'superseded';
    this.#encoding = this.#settled.encoding;
    this.#delimiter = this.#settled.delimiter;
    this.#notice =
      sent.outcome === 'cancelled'
        ? { tone: 'info', key: 'upload.previewCancelled' }
        : { tone: 'error', error: sent.error };
    return sent.outcome;
  }

  #settle(encoding: string, delimiter: string) {
    this.#encoding = encoding;
    this.#delimiter = delimiter;
    this.#settled = { encoding, delimiter };
  }

  async #send<T>(purpose: Transfer['purpose'], url: string, progressKey: string | null = null): Promise<Sent<T>> {
    const file = this.#file!;
    const previous = this.#running;
    const id = ++this.#sequence;
    const current = () => this.#sequence === id;
    const sending = upload<T>(url, file, {
      contentType: uploadType(file),
      headers: csrfHeaders(),
      onprogress: (progress) => {
        if (current()) {
          const { server = null, stopping = false } = this.#transfer ?? {};
          this.#transfer = { purpose, fileName: file.name, ...progress, server, stopping };
        }
      }
    });
    this.#running = sending;
    this.#progressKey = progressKey;
    previous?.abort();
    const stopWatching = progressKey ? this.#watch(progressKey, current) : () => {};
    try {
      const value = await sending.done;
      return current() ? { ok: true, value } : { ok: false, outcome: 'superseded' };
    } catch (error) {
      if (!current()) return { ok: false, outcome: 'superseded' };
      const cancelled =
        error instanceof UploadAborted || (error instanceof ApiError && error.code === 'import_cancelled');
      return { ok: false, outcome: cancelled ? 'cancelled' : 'failed', error };
    } finally {
      stopWatching();
      if (current()) {
        this.#running = null;
        this.#progressKey = null;
        this.#transfer = null;
      }
    }
  }

  /** Asks the server how far the import has come until `stop` is called; a miss (not started yet) is no error. */
  #watch(key: string, current: () => boolean): () => void {
    let asking = false;
    const timer = setInterval(async () => {
      if (asking) return;
      asking = true;
      try {
        const server = await api<ImportProgressDto>('GET', `/api/imports/progress/${key}`);
        if (current() && this.#transfer) this.#transfer = { ...this.#transfer, server };
      } catch {
        // Not registered yet, or already forgotten: the next tick asks again.
      } finally {
        asking = false;
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }

  #reset() {
    this.#step = 'choose';
    this.#file = null;
    this.#preview = null;
    this.#mapping = [];
    this.#settle('', '');
  }
}
