import { closeSync, constants, openSync, writeSync, writevSync } from 'node:fs';
import type { TextSink } from './line-batcher';

/** How long a full pipe is left before the next try. */
const RETRY_MS = 50;
/** What may wait for a reader; lines beyond it are dropped (and counted) rather than kept forever. */
const MAX_WAITING_BYTES = 1024 * 1024;

/**
 * Opens a file descriptor of the process's own for `fd` that never blocks: a write to a full
 * pipe fails with EAGAIN instead of waiting, so a pipe nobody reads can neither stall the
 * server nor keep SIGTERM from ending it. On Linux /proc/self/fd opens the same pipe anew
 * with its own flags; elsewhere the descriptor itself is used (and a full pipe blocks).
 */
function nonBlocking(fd: number): number {
  try {
    return openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY | constants.O_APPEND | constants.O_NONBLOCK);
  } catch {
    return fd;
  }
}

/** What a write of `chunks` left over when it took only `written` bytes. */
function unwritten(chunks: Buffer[], written: number): Buffer[] {
  let skip = written;
  const rest: Buffer[] = [];
  for (const chunk of chunks) {
    if (skip >= chunk.length) skip -= chunk.length;
    else {
      rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
      skip = 0;
    }
  }
  return rest;
}

const linesIn = (chunk: Buffer) => chunk.reduce((n, byte) => (byte === 10 ? n + 1 : n), 0);

/** Standard output for log lines: written in order, one write at a time, never blocking, and able to say what it could not write. */
export class StdoutSink implements TextSink {
  private readonly fd: number;
  private queue: Buffer[] = [];
  private waiting = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(fd = 1) {
    this.fd = nonBlocking(fd);
  }

  write(text: string): void {
    const chunk = Buffer.from(text);
    if (this.waiting + chunk.length > MAX_WAITING_BYTES) {
      this.dropped += linesIn(chunk);
      return;
    }
    this.queue.push(chunk);
    this.waiting += chunk.length;
    if (!this.timer) this.pump();
  }

  /**
   * Everything waiting goes in one write: one write per chunk fell behind under load. The
   * write is synchronous, so no write is ever left under way in Node's pool, where an exit
   * loses it: lines were lost so under load, also where stdout is a socket (a child process's
   * stdio), which /proc cannot reopen. Where the descriptor stays blocking (not Linux), a full
   * pipe nobody reads would hold the process; that case is rare and was chosen over losing lines.
   */
  private pump(): void {
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const chunks = this.queue;
    let written = 0;
    try {
      written = writevSync(this.fd, chunks);
    } catch {
      // EAGAIN: nobody reads the pipe right now; the lines wait, in order, for the next try.
    }
    const rest = unwritten(chunks, written);
    this.queue = rest;
    this.waiting -= written;
    if (rest.length > 0) this.timer = setTimeout(() => this.pump(), RETRY_MS).unref();
  }

  /** At exit: writes what it can at once, without waiting for a reader, and returns how many lines it had to drop. */
  flushNow(): number {
    if (this.timer) clearTimeout(this.timer);
    const pending = this.queue;
    let dropped = this.dropped;
    this.dropped = 0;
    for (let i = 0; i < pending.length; i++) {
      try {
        const written = writeSync(this.fd, pending[i]);
        if (written < pending[i].length) dropped += linesIn(pending[i].subarray(written));
      } catch {
        dropped += linesIn(pending[i]);
      }
    }
    this.queue = [];
    this.waiting = 0;
    return dropped;
  }
}

/** A last word on standard error that cannot hang the exit either: written now, or not at all. */
export function sayOnStderr(text: string): void {
  const fd = nonBlocking(2);
  try {
    writeSync(fd, text);
  } catch {
    // Standard error is full or gone as well: nowhere left to say it.
  } finally {
    if (fd > 2) closeSync(fd);
  }
}
