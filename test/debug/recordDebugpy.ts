/**
 * Records what debugpy answers when Pooling Lens reads values from test/debug/programs/arrays.py,
 * for a replaying inline debug adapter in VS Code for the Web (which cannot run debugpy).
 *   npx tsx test/debug/recordDebugpy.ts   → test/vscode/suite/fixtures/debugpy-recording.json
 * Reads exactly what the extension reads with default settings: `x` and `t` at both stops, the
 * layer `model.pool1` and the frame's arrays.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inspectDebugValue, listDebugArrays, readDebugArray } from '../../src/debug';
import { launchPaused } from './dapClient';

async function main(): Promise<void> {
  const program = fileURLToPath(new URL('./programs/arrays.py', import.meta.url));
  const out = fileURLToPath(new URL('../vscode/suite/fixtures/debugpy-recording.json', import.meta.url));
  const line =
    readFileSync(program, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('# BREAK')) + 1;
  const s = await launchPaused(program, [line]);
  const stops: { frame: unknown; evaluations: { expression: string; context: string; result: string }[] }[] = [];
  const evaluate = async (expression: string, context: 'clipboard' | 'repl'): Promise<string> => {
    const result = await s.evaluate(expression, context);
    stops.at(-1)!.evaluations.push({ expression, context, result });
    return result;
  };
  for (let stop = 0; stop < 2; stop++) {
    if (stop > 0) await s.continueToNext();
    const trace = await s.client.request('stackTrace', { threadId: s.threadId, startFrame: 0, levels: 1 });
    const frame = ((trace.body?.stackFrames ?? []) as Record<string, unknown>[])[0]!;
    stops.push({ frame: { name: frame.name, line: frame.line, source: { name: 'arrays.py' } }, evaluations: [] });
    await readDebugArray(evaluate, 'x', { language: 'python' });
    await readDebugArray(evaluate, 't', { language: 'python' });
    // What the extension does with a layer: read (refused as a layer), inspect, list the inputs.
    await readDebugArray(evaluate, 'model.pool1', { language: 'python' }).catch(() => undefined);
    await inspectDebugValue(evaluate, 'model.pool1', { language: 'python' });
    await listDebugArrays(evaluate, { language: 'python' });
  }
  await s.close();
  writeFileSync(out, `${JSON.stringify({ recordedWith: 'debugpy (python3-debugpy) driven by test/debug/dapClient.ts', stops }, null, 1)}\n`);
  console.log(`wrote ${out}`);
}

void main();
