/**
 * debugpy's recorded answers (test/debug/recordDebugpy.ts) replayed through readDebugArray:
 * runs without debugpy, so CI machines without it still check the parsing of real answers
 * (quoted by debugpy's clipboard context) and the follow-on-stop data the VS Code test replays.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectDebugValue, listDebugArrays, readDebugArray } from '../../src/debug';
import type { Evaluate } from '../../src/debug';

interface Recording {
  stops: { frame: { line: number }; evaluations: { expression: string; context: string; result: string }[] }[];
}
const recording = JSON.parse(readFileSync(new URL('../vscode/suite/fixtures/debugpy-recording.json', import.meta.url), 'utf8')) as Recording;

function replay(stop: number): Evaluate {
  return (expression, context) => {
    const hit = recording.stops[stop]!.evaluations.find((e) => e.expression === expression && e.context === context);
    return hit ? Promise.resolve(hit.result) : Promise.reject(new Error('not recorded (the expressions changed: run npx tsx test/debug/recordDebugpy.ts)'));
  };
}

describe('recorded debugpy answers', () => {
  it('x at two stops: the second is twice the first (x = f32 * (step + 1))', async () => {
    const first = await readDebugArray(replay(0), 'x', { language: 'python' });
    const second = await readDebugArray(replay(1), 'x', { language: 'python' });
    expect(first.array.shape).toEqual([3, 5]);
    expect(first.dtype).toBe('float32');
    expect([...second.array.data]).toEqual([...first.array.data].map((v) => Math.fround(v * 2)));
  });

  it('the layer and the frame’s arrays', async () => {
    expect(await inspectDebugValue(replay(0), 'model.pool1', { language: 'python' })).toMatchObject({ kind: 'layer', layer: { className: 'MaxPool2d' } });
    const vars = await listDebugArrays(replay(0), { language: 'python' });
    expect(vars.find((v) => v.name === 'x')).toMatchObject({ shape: [3, 5], dtype: 'float32' });
  });
});
