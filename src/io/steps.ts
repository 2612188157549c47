/**
 * Decoders written as generators that yield between pieces of work (inflate steps, groups of
 * rows), so one decoder serves two callers: readArraysSync runs it to the end at once (tests,
 * the fuzzer), and readArrays lets other work run whenever a piece took its time budget (the
 * extension host's thread is every extension's: a 4096² PNG took 2 s to decode in one task).
 */

export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to the end at once. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

interface PortLike {
  onmessage: ((event: unknown) => void) | null;
  postMessage(message: unknown): void;
}
/** What an event-loop pause may use of a global scope (a parameter so tests can offer each). */
export interface PauseScope {
  setImmediate?: (callback: () => void) => unknown;
  MessageChannel?: new () => { port1: PortLike; port2: PortLike };
}

/**
 * A pause that lets the event loop run, by the cheapest means the scope has. Node's setImmediate
 * (the desktop extension host) lets due timers and I/O run without setTimeout's 1 ms floor, which
 * made a 4096² JPEG's ~80 pauses cost 14-16% of its decode (1-2% with it). Browsers and workers
 * (the web extension host) clamp timers nested five deep to 4 ms, so there a message to ourselves
 * over a MessageChannel comes back as the next task instead; setTimeout where neither exists.
 */
export function eventLoopPause(scope: PauseScope): () => Promise<void> {
  const immediate = scope.setImmediate;
  if (immediate) return () => new Promise((resolve) => immediate(resolve));
  const Channel = scope.MessageChannel;
  if (Channel) {
    let channel: { port1: PortLike; port2: PortLike } | undefined;
    const waiting: (() => void)[] = [];
    return () =>
      new Promise((resolve) => {
        if (!channel) {
          channel = new Channel();
          channel.port1.onmessage = () => waiting.shift()?.();
        }
        waiting.push(resolve);
        channel.port2.postMessage(0);
      });
  }
  return () => new Promise((resolve) => setTimeout(resolve, 0));
}

/** Lets the event loop run (setImmediate in Node; a MessageChannel in browsers and workers). */
export const yieldToEventLoop: () => Promise<void> = eventLoopPause(globalThis as unknown as PauseScope);

/**
 * Runs the steps, pausing (`pause`) each time `budgetMs` of work has gone by since the last pause.
 * Before the first piece and after each pause, `keepGoing` false ends the generator (its
 * `finally` blocks run) and resolves to undefined instead of the result.
 */
export function runSteps<T>(steps: Steps<T>, budgetMs?: number, pause?: () => Promise<void>): Promise<T>;
export function runSteps<T>(
  steps: Steps<T>,
  budgetMs: number | undefined,
  pause: (() => Promise<void>) | undefined,
  keepGoing: (() => boolean) | undefined,
): Promise<T | undefined>;
export async function runSteps<T>(
  steps: Steps<T>,
  budgetMs = 20,
  pause: () => Promise<void> = yieldToEventLoop,
  keepGoing?: () => boolean,
): Promise<T | undefined> {
  const stopped = (): boolean => {
    if (!keepGoing || keepGoing()) return false;
    steps.return(undefined as T);
    return true;
  };
  if (stopped()) return undefined;
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - since >= budgetMs) {
      await pause();
      if (stopped()) return undefined;
      since = performance.now();
    }
  }
}
