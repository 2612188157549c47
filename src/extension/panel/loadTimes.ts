/**
 * When the host's steps of the last load happened (Date.now()), so the workbench benchmark can
 * split a first paint into reading, posting and the trip to the webview. Noted in test builds
 * only (POOLING_LENS_TEST_HOOKS); read through the poolingLens.test.loadStats command.
 */
export type LoadStage =
  /** createWebviewPanel returned (the webview starts loading in the workbench). */
  | 'panel'
  /** The file's size is known (workspace.fs.stat answered). */
  | 'size'
  /** The file's bytes arrived (workspace.fs.readFile answered). */
  | 'bytes'
  /** Decoded: the arrays are ready to post. */
  | 'read'
  /** The webview said it is ready and the load is being posted. */
  | 'posting'
  /** webview.postMessage resolved. */
  | 'posted';

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
