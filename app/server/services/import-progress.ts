import { conflict } from '../errors.js';
import { sameToken } from '../plugins/auth.js';

/** How far an import has come, as its uploader polls it. */
export interface ImportProgress {
  /** Bytes of the file read by the server so far. */
  bytes: number;
  /** Data rows read so far. */
  rows: number;
  /** Questions extracted so far (after splitting). */
  questions: number;
  state: 'running' | 'done' | 'failed' | 'cancelled';
}

/** What an import is handed to report on itself, and to learn that its uploader asked it to stop. */
export interface ProgressReporter {
  report(progress: Partial<Omit<ImportProgress, 'state'>>): void;
  /** Throws `import_cancelled` once the uploader has asked to stop. */
  throwIfCancelled(): void;
}

/** The session that started an import: only it may read the import's progress or stop it. */
export interface ProgressOwner {
  tokenHash: string;
  csrfToken: string;
}

interface Entry {
  owner: ProgressOwner;
  progress: ImportProgress;
  cancelled: boolean;
  expiry: NodeJS.Timeout | null;
}

/** How long a finished import's last figures stay readable, for a poll that was on its way. */
const KEEP_FINISHED_MS = 60_000;

/**
 * The imports running on this server, each under a key its uploader chose (so the browser can poll before the
 * upload's answer arrives). Held in memory: progress is about this process's own work, and it is read without the
 * database, which on the embedded PGlite is busy with the import itself. Only the session that started an import
 * reads or stops it.
 */
export class ImportProgressRegistry {
  #entries = new Map<string, Entry>();

  /** Registers an import under `key`; a key already in use by a running import is refused. */
  start(key: string, owner: ProgressOwner): ProgressReporter & { finish(state: ImportProgress['state']): void } {
    const existing = this.#entries.get(key);
    if (existing?.progress.state === 'running') {
      throw conflict('progress_key_in_use', 'Another import is already running under this progress key.', { key });
    }
    if (existing?.expiry) clearTimeout(existing.expiry);
    const entry: Entry = {
      owner,
      progress: { bytes: 0, rows: 0, questions: 0, state: 'running' },
      cancelled: false,
      expiry: null
    };
    this.#entries.set(key, entry);
    return {
      // Merged: bytes are counted as the body is read, rows and questions as they are extracted.
      report: (progress) => {
        entry.progress = { ...entry.progress, ...progress };
      },
      throwIfCancelled: () => {
        if (entry.cancelled) {
          throw conflict('import_cancelled', 'The import was stopped at the uploader’s request; nothing was stored.');
        }
      },
      finish: (state) => {
        entry.progress = { ...entry.progress, state };
        entry.expiry = setTimeout(() => {
          if (this.#entries.get(key) === entry) this.#entries.delete(key);
        }, KEEP_FINISHED_MS);
        entry.expiry.unref();
      }
    };
  }

  /** The progress of the import under `key`, if this session started it. */
  get(key: string, tokenHash: string | null): ImportProgress | null {
    const entry = this.#entries.get(key);
    return entry && tokenHash && sameToken(entry.owner.tokenHash, tokenHash) ? entry.progress : null;
  }

  /**
   * Asks the running import under `key` to stop, if this session started it and sent its CSRF token; false when
   * there is no such import (any more).
   */
  cancel(key: string, tokenHash: string | null, csrfToken: string | undefined): boolean {
    const entry = this.#entries.get(key);
    if (!entry || !tokenHash || !sameToken(entry.owner.tokenHash, tokenHash)) return false;
    if (!csrfToken || !sameToken(entry.owner.csrfToken, csrfToken)) return false;
    if (entry.progress.state !== 'running') return false;
    entry.cancelled = true;
    return true;
  }

  /** Forgets everything (server shutdown). */
  clear(): void {
    for (const entry of this.#entries.values()) if (entry.expiry) clearTimeout(entry.expiry);
    this.#entries.clear();
  }
}
