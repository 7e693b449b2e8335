/** Where batched text goes, such as pino's SonicBoom destination. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Gathers lines and hands them on in chunks of about `chunkSize` characters, or once
 * `maxDelayMs` has passed, whichever comes first: one write per line measured as a cost, and
 * SonicBoom re-measures its whole pending buffer on every write it is given.
 */
export class LineBatcher {
  private pending: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: TextSink,
    private readonly chunkSize = 4096,
    private readonly maxDelayMs = 100,
  ) {}

  write(line: string): void {
    this.pending.push(line);
    this.size += line.length;
    if (this.size >= this.chunkSize) this.flush();
    // A quiet server still shows its lines promptly; the timer never keeps the process alive.
    else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs).unref();
  }

  /** Hands on every line held, to the sink or, at exit, to a writer that finishes at once. */
  flush(to: TextSink = this.sink): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.size = 0;
    to.write(chunk);
  }
}
