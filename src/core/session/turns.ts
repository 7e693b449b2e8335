/** Whether a request reads the session's state, changes it, or neither. */
export type TurnKind = 'read' | 'write';

/**
 * One request's place in its session's line. Reads next to each other run together; a write
 * runs alone, once everything that arrived before it is done, and holds back what came after.
 */
export class Turn {
  started = false;
  private done = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly kind: TurnKind,
    private readonly line: TurnQueue,
  ) {}

  /** Resolves once it is this request's turn; nothing to wait for when it already is. */
  wait(): Promise<void> | undefined {
    if (this.started) return undefined;
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake?.();
  }

  /** Lets the requests behind it go; safe to call more than once. */
  release(): void {
    if (this.done) return;
    this.done = true;
    this.line.leave(this);
  }
}

/**
 * The requests of one session in the order they arrived (taken when their headers are read,
 * before their bodies), so that pipelined or concurrent calls take effect in that order: a
 * read answered after a write sees it, and a write never overlaps another.
 */
export class TurnQueue {
  private line: Turn[] = [];

  enter(kind: TurnKind): Turn {
    const turn = new Turn(kind, this);
    this.line.push(turn);
    this.admit();
    return turn;
  }

  leave(turn: Turn): void {
    const index = this.line.indexOf(turn);
    if (index >= 0) this.line.splice(index, 1);
    this.admit();
  }

  /** No request of the session is waiting or running. */
  get idle(): boolean {
    return this.line.length === 0;
  }

  private admit(): void {
    for (const turn of this.line) {
      if (turn.kind === 'write') {
        if (turn === this.line[0]) turn.start();
        return;
      }
      turn.start();
    }
  }
}
