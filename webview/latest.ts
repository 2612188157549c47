// One kind of request to the panel's worker, newest only: a superseded request never starts and
// a stale reply is never delivered. Pure (no DOM), so it is unit-tested on its own.

/**
 * Keeps only the newest of a kind of request: `run` starts a job unless one is in flight, in
 * which case it waits and only the newest waiting one starts next (older ones are never run).
 * A reply is delivered only if no newer request was made since, so a stale result is never shown.
 */
export class Latest<A, R> {
  private seq = 0;
  private inFlight = false;
  private queued: { args: A; seq: number } | null = null;

  constructor(
    private readonly start: (args: A) => Promise<R>,
    private readonly deliver: (result: R, seq: number) => void,
    private readonly fail: (e: unknown, seq: number) => void,
  ) {}

  /** Returns the request's sequence number. */
  run(args: A): number {
    const seq = ++this.seq;
    this.queued = { args, seq };
    this.pump();
    return seq;
  }

  /** Forgets every pending request (a new session). */
  cancel(): void {
    this.seq++;
    this.queued = null;
  }

  private pump(): void {
    if (this.inFlight || !this.queued) return;
    const { args, seq } = this.queued;
    this.queued = null;
    this.inFlight = true;
    this.start(args).then(
      (r) => this.finish(() => this.deliver(r, seq), seq),
      (e: unknown) => this.finish(() => this.fail(e, seq), seq),
    );
  }

  private finish(report: () => void, seq: number): void {
    this.inFlight = false;
    if (seq === this.seq) report();
    this.pump();
  }
}
