// Export and copy: what the panel asks the host to save or put on the clipboard. The host
// recomputes exports from the original data with the same request module the panel uses.
import { MAX_COPY_CHARS, type Convention, type ExportFormat, type RequestMessage } from '../src/protocol';
import { codeFor, problemOf } from './compute';
import { outputPlane, type Pipeline } from './pipeline';
import { poolRequest } from './requests';
import type { Session } from './session';
import type { WorkerClient } from './workerClient';

type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** The export request (the host link adds its id); null when there is no output. */
export function exportMessage(s: Session, pipeline: Pipeline, format: ExportFormat): Omit<RequestMessage<'export'>, 'requestId'> | null {
  const out = s.model.out;
  if (!out) return null;
  const msg: Omit<RequestMessage<'export'>, 'requestId'> = { type: 'export', format, request: poolRequest(out.params) };
  if (format === 'png') {
    const r = pipeline.pixelModes()?.output;
    if (r) msg.pngRange = [r.range.lo, r.range.hi];
  }
  return msg;
}

/** The output plane shown, as text (the worker holds the values); null when there is no output. */
export async function valuesToCopy(s: Session, worker: WorkerClient): Promise<Outcome<string> | null> {
  const out = s.model.out;
  if (!out) return null;
  const r = await worker.run('copyValues', { plane: outputPlane(s, out), maxChars: MAX_COPY_CHARS });
  if (!r) return null;
  if (r.text === null) return { ok: false, message: `The output has ${r.planeSize} values, too many to copy: save it as .csv instead.` };
  return { ok: true, value: r.text };
}

/** The parameters of the output shown (or the current ones) as `convention`'s code. */
export function codeToCopy(s: Session, convention: Convention): Outcome<string> | null {
  const block = s.model.block;
  if (!block) return null;
  const params = s.model.out?.params ?? s.ui.params;
  try {
    return { ok: true, value: codeFor(params, convention, block.shape) };
  } catch (e) {
    return { ok: false, message: problemOf(e).message };
  }
}
