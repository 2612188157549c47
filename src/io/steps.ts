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

/** Lets the event loop run (timers work in Node, browsers and workers alike). */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

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
