import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { changeLine, changesBetween, logFileOf, logHeader } from './change-log';
import type { StateData } from './store';

/**
 * Below this size FILE is written whole at every write, so that FILE alone is the state at
 * every moment: it costs one flush more than an appended line (the folder's, for the rename;
 * one at a time, about 5 ms a write against 4 ms here).
 */
const APPEND_FROM_BYTES = 256 * 1024;

/** What was last written whole: enough to tell whether FILE is still that file. */
interface Base {
  state: unknown;
  mode: number;
  ino: number;
  size: number;
  mtimeMs: number;
  header: string;
}

/**
 * lowdb's adapter for the data file, written the way a careful database writes. A small state
 * goes whole to a temporary file beside FILE, flushed to the disk, then renamed over it, so FILE
 * is always either the old state or the new one, whole. A large one (FILE above
 * APPEND_FROM_BYTES) is written whole only now and then: a write appends what it changed, one
 * line, to the change log beside FILE (change-log.ts) and flushes it, so its cost is that of the
 * change, not of the state. FILE is written whole again (and the log removed) at the first
 * write after start-up, when the log would outgrow FILE, after a failed write, when FILE is no
 * longer the file last written (replaced or edited meanwhile), and when the mock stops (settle). A failed rename is not
 * retried (a full or broken disk fails at once, and the write is refused).
 */
export class DataFile<T> implements Adapter<T> {
  private base: Base | undefined;
  private logBytes = 0;
  private readonly log: string;
  /** Writes come one at a time (the session's turns); settling at close waits for the last. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {
    this.log = logFileOf(file);
  }

  /** The mock reads the file itself at start-up, to check it before serving. */
  async read(): Promise<T | null> {
    return null;
  }

  write(data: T): Promise<void> {
    const done = this.last.then(() => this.store(data));
    this.last = done.catch(() => undefined);
    return done;
  }

  /** FILE alone becomes the state again (the log folded into it), as when the mock stops. */
  settle(): Promise<void> {
    const done = this.last.then(() => (this.base && this.logBytes > 0 ? this.writeWhole(this.base.state as T) : undefined));
    this.last = done.catch(() => undefined);
    return done;
  }

  private async store(data: T): Promise<void> {
    const base = this.base;
    const splices = base && base.size >= APPEND_FROM_BYTES ? changesBetween(base.state as StateData, data as StateData) : undefined;
    // A write that changed nothing (a reset of a state that is the fixtures') has no line.
    const line = splices && (splices.length > 0 ? `${changeLine(splices)}\n` : '');
    try {
      if (base && line !== undefined && this.logBytes + Buffer.byteLength(line) <= base.size && (await this.isBase(base))) {
        if (line !== '') await this.append(base, line);
        base.state = data;
      } else {
        await this.writeWhole(data);
      }
    } catch (err) {
      // What is on disk is no longer known line for line: the next write starts afresh, whole.
      this.base = undefined;
      throw err;
    }
  }

  /** Whether FILE is still the file this adapter wrote last (one stat, not a read). */
  private async isBase(base: Base): Promise<boolean> {
    const now = await stat(this.file).catch(() => undefined);
    return now !== undefined && now.ino === base.ino && now.size === base.size && now.mtimeMs === base.mtimeMs;
  }

  private async append(base: Base, line: string): Promise<void> {
    // The log's first write creates it (or replaces a stale one) with its header.
    const fresh = this.logBytes === 0;
    const text = fresh ? `${base.header}\n${line}` : line;
    const handle = await open(this.log, fresh ? 'w' : 'a', base.mode);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } catch (err) {
      // A line cut short must not stay in front of the next one.
      if (!fresh) await handle.truncate(this.logBytes).catch(() => undefined);
      throw err;
    } finally {
      await handle.close();
    }
    if (fresh) await syncFolder(dirname(this.log));
    this.logBytes += Buffer.byteLength(text);
  }

  private async writeWhole(data: T): Promise<void> {
    const temporary = join(dirname(this.file), `.${basename(this.file)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      // The new file gets the old one's permissions: a data file kept private stays private.
      const mode = await stat(this.file).then((s) => s.mode & 0o777, () => 0o666);
      const text = JSON.stringify(data, null, 2);
      const handle = await open(temporary, 'w', mode);
      let written;
      try {
        await handle.writeFile(text);
        await handle.sync();
        written = await handle.stat();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
      await syncFolder(dirname(this.file));
      // Only once FILE is durable: a log left now names an older FILE, and is ignored.
      if (this.logBytes > 0 || this.base === undefined) await rm(this.log, { force: true }).catch(() => undefined);
      this.logBytes = 0;
      // The size of the file just written is the text's length in bytes.
      const { ino, size, mtimeMs } = written;
      this.base = { state: data, ino, size, mtimeMs, mode, header: size >= APPEND_FROM_BYTES ? logHeader(text) : '' };
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
