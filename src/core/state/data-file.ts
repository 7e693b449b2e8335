import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * lowdb's adapter for the data file, written the way a careful database writes: the whole
 * state to a temporary file beside it, flushed to the disk, then renamed over the old one, so
 * the file is always either the old state or the new one, whole. Unlike lowdb's own JSONFile
 * it does not retry a failed rename for a second (a full or broken disk fails at once, and
 * the write is refused) and it removes its temporary file when a write fails.
 */
export class DataFile<T> implements Adapter<T> {
  constructor(private readonly file: string) {}

  /** The mock reads the file itself at start-up, to check it before serving. */
  async read(): Promise<T | null> {
    return null;
  }

  async write(data: T): Promise<void> {
    const temporary = join(dirname(this.file), `.${basename(this.file)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      // The new file gets the old one's permissions: a data file kept private stays private.
      const mode = await stat(this.file).then((s) => s.mode & 0o777, () => 0o666);
      const handle = await open(temporary, 'w', mode);
      try {
        await handle.writeFile(JSON.stringify(data, null, 2));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
      await syncFolder(dirname(this.file));
    } catch (err) {
      await rm(temporary, { force: true, recursive: false }).catch(() => undefined);
      throw err;
    }
  }
}

/** The rename itself is made durable by flushing the folder; where a folder cannot be opened for that, the rename stands as it is. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse to flush a folder; the file's own contents are flushed already.
  } finally {
    await handle.close();
  }
}
