/**
 * When the host's steps of the last load happened (Date.now()), so the workbench benchmark can
 * split a first paint into reading, posting and the trip to the webview. Noted in test builds
 * only (POOLING_LENS_TEST_HOOKS); read through the poolingLens.test.loadStats command.
 */
export type LoadStage = 'read' | 'posting' | 'posted';

let times: Partial<Record<LoadStage, number>> = {};

export function noteLoadStage(stage: LoadStage): void {
  times[stage] = Date.now();
}

/** The stages of the last load; `reset` starts afresh. */
export function lastLoadTimes(reset = false): Partial<Record<LoadStage, number>> {
  const out = { ...times };
  if (reset) times = {};
  return out;
}
