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

/**
 * Node's setImmediate, where there is one (the desktop extension host): it lets due timers and I/O
 * run as setTimeout does, without setTimeout's 1 ms floor, which made a 4096² JPEG's ~80 pauses
 * cost 14-16% of its decode (1-2% now).
 */
const setImmediateIfAny = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

/** Lets the event loop run (setImmediate in Node; timers in browsers and workers). */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => (setImmediateIfAny ? setImmediateIfAny(resolve) : setTimeout(resolve, 0)));

/** Runs the steps, pausing (`pause`) each time `budgetMs` of work has gone by since the last pause. */
export async function runSteps<T>(steps: Steps<T>, budgetMs = 20, pause: () => Promise<void> = yieldToEventLoop): Promise<T> {
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - since >= budgetMs) {
      await pause();
      since = performance.now();
    }
  }
}
