/**
 * "Open Tutorial": the 5×5 example of the widely copied pooling tutorial, bundled in code (so it
 * works without a workspace), with an explanation whose numbers the core computes. Pure.
 */
import { outputSizeFormula, pool } from '../../core';
import type { NDArray, PoolOptions } from '../../core/types';
import type { LoadedArray } from '../../io';
import type { PanelIntro } from '../../protocol';
import { tutorialKey } from '../panel/source';
import type { ArraySource, InitialParams } from '../panel/source';

export const TUTORIAL_ID = '5x5';
export const TUTORIAL_TITLE = 'Pooling Tutorial';

/** 1..25 as 5×5, as `np.arange(1, 26).reshape(5, 5)`. */
export function tutorialMatrix(): NDArray {
  return { shape: [5, 5], data: Float64Array.from({ length: 25 }, (_, i) => i + 1) };
}

const OPTIONS: PoolOptions = { mode: 'max', kernel: [2, 2], stride: [2, 2], padding: [0, 0] };

export const TUTORIAL_PARAMS: InitialParams = {
  convention: 'pytorch',
  spatialAxes: [0, 1],
  kind: 'window',
  mode: 'max',
  kernel: [2, 2],
  stride: [2, 2],
  padding: [0, 0],
  dilation: [1, 1],
  ceilMode: false,
};

/** `[[7, 9], [17, 19]]` */
export function formatMatrix(a: NDArray): string {
  const [rows, cols] = a.shape.length === 2 ? [a.shape[0]!, a.shape[1]!] : [1, a.data.length];
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(`[${Array.from(a.data.subarray(r * cols, (r + 1) * cols)).join(', ')}]`);
  return a.shape.length === 2 ? `[${lines.join(', ')}]` : lines[0]!;
}

/** (H − k + 1)/s, the widely copied wrong output size, as the tutorial computes it (a fraction in general). */
export function wrongOutputSize(h: number, k: number, s: number): number {
  return (h - k + 1) / s;
}

function correctSize(h: number, options: PoolOptions): number {
  return outputSizeFormula([h, h], options)[0]!.value;
}

export function tutorialIntro(): PanelIntro {
  const x = tutorialMatrix();
  const floorOut = pool(x, OPTIONS).output;
  const ceilOut = pool(x, { ...OPTIONS, ceilMode: true }).output;
  const floorFormula = outputSizeFormula(x.shape, OPTIONS)[0]!;
  const ceilFormula = outputSizeFormula(x.shape, { ...OPTIONS, ceilMode: true })[0]!;
  const other = [4, 224].map((h) => ({ h, wrong: wrongOutputSize(h, 2, 2), right: correctSize(h, OPTIONS) }));
  const wrongHere = wrongOutputSize(5, 2, 2);
  return {
    title: `Max pooling 1…25 (5×5) with a 2×2 window and stride 2 gives ${formatMatrix(floorOut)}`,
    paragraphs: [
      `The example of a widely copied pooling tutorial, whose code crashes on it, with PyTorch's answer. Click an output cell to see its window. The last row and column are never pooled: a third window would start at index 4 and need index 5, which does not exist, so PyTorch drops it. With ceil_mode=True (tick "Ceil mode") it keeps that window and the output is ${ceilOut.shape.join('×')}: ${formatMatrix(ceilOut)}.`,
      `The widely copied (H − k + 1)/s ignores padding and dilation and is not even a whole number in general: ${other.map((o) => `${o.h}×${o.h} gives ${o.wrong} where PyTorch gives ${o.right}`).join(', ')}. Here it happens to give ${wrongHere}.`,
    ],
    formulas: [
      { label: 'PyTorch', text: 'floor((H + 2p − d(k−1) − 1)/s) + 1', value: floorFormula.text, correct: true },
      { label: 'ceil_mode=True', text: 'ceil((H + 2p − d(k−1) − 1)/s) + 1', value: ceilFormula.text, correct: true },
      {
        label: 'Common mistake',
        text: '(H − k + 1)/s',
        value: `(5 − 2 + 1)/2 = ${wrongHere}, but ${other.map((o) => `(${o.h} − 2 + 1)/2 = ${o.wrong}`).join(' and ')}`,
        correct: false,
      },
    ],
  };
}

export function tutorialArray(): LoadedArray {
  return { name: 'tutorial 5×5', dtype: 'int64', array: tutorialMatrix() };
}

/** The tutorial as a panel source (the same every time, so a restored panel is rebuilt from the id). */
export function tutorialSource(): ArraySource {
  const intro = tutorialIntro();
  return {
    key: tutorialKey(TUTORIAL_ID),
    title: TUTORIAL_TITLE,
    exportName: 'tutorial-5x5.literal',
    load: () => Promise.resolve([tutorialArray()]),
    initialParams: () => ({ ...TUTORIAL_PARAMS }),
    intro,
  };
}
