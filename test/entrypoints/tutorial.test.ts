import { describe, expect, it } from 'vitest';
import { pool } from '../../src/core';
import { parseSourceKey } from '../../src/extension/panel/source';
import { formatMatrix, TUTORIAL_PARAMS, tutorialIntro, tutorialSource, wrongOutputSize } from '../../src/extension/tutorial/tutorial';

describe('Open Tutorial', () => {
  it('is 1..25 as 5×5, named, keyed for restore, without any file', async () => {
    const source = tutorialSource();
    expect(parseSourceKey(source.key)).toEqual({ kind: 'tutorial', id: '5x5' });
    expect(source.title).toBe('Pooling Tutorial');
    const [loaded] = await source.load();
    expect(loaded!.array.shape).toEqual([5, 5]);
    expect(Array.from(loaded!.array.data)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('starts with PyTorch max pooling, kernel 2, stride 2, no padding, floor', async () => {
    const source = tutorialSource();
    const [loaded] = await source.load();
    expect(source.initialParams?.(loaded!)).toEqual(TUTORIAL_PARAMS);
    expect(TUTORIAL_PARAMS).toMatchObject({
      convention: 'pytorch',
      mode: 'max',
      kernel: [2, 2],
      stride: [2, 2],
      padding: [0, 0],
      ceilMode: false,
      spatialAxes: [0, 1],
    });
  });

  it('those parameters give [[7, 9], [17, 19]] (torch.nn.functional.max_pool2d, pinned in test/core/tutorial.test.ts)', () => {
    const x = { shape: [5, 5], data: Float64Array.from({ length: 25 }, (_, i) => i + 1) };
    expect(formatMatrix(pool(x, { mode: 'max', kernel: TUTORIAL_PARAMS.kernel!, stride: TUTORIAL_PARAMS.stride! }).output)).toBe('[[7, 9], [17, 19]]');
  });

  it('the explanation states the corrected outputs, the right formula with this input’s numbers and the wrong one', () => {
    const intro = tutorialIntro();
    const text = [intro.title, ...intro.paragraphs].join('\n');
    expect(intro.title).toContain('[[7, 9], [17, 19]]');
    expect(text).toContain('3×3: [[7, 9, 10], [17, 19, 20], [22, 24, 25]]');
    expect(text).toContain('4×4 gives 1.5 where PyTorch gives 2');
    expect(text).toContain('224×224 gives 111.5 where PyTorch gives 112');
    expect(intro.formulas).toEqual([
      { label: 'PyTorch', text: 'floor((H + 2p − d(k−1) − 1)/s) + 1', value: 'floor((5 + 0 + 0 − 1·(2 − 1) − 1) / 2) + 1 = 2', correct: true },
      { label: 'ceil_mode=True', text: 'ceil((H + 2p − d(k−1) − 1)/s) + 1', value: 'ceil((5 + 0 + 0 − 1·(2 − 1) − 1) / 2) + 1 = 3', correct: true },
      { label: 'Common mistake', text: '(H − k + 1)/s', value: '(5 − 2 + 1)/2 = 2, but (4 − 2 + 1)/2 = 1.5 and (224 − 2 + 1)/2 = 111.5', correct: false },
    ]);
  });

  it('the wrong formula is computed, not written down', () => {
    expect(wrongOutputSize(5, 2, 2)).toBe(2);
    expect(wrongOutputSize(4, 2, 2)).toBe(1.5);
    expect(wrongOutputSize(224, 2, 2)).toBe(111.5);
    expect(wrongOutputSize(7, 3, 2)).toBe(2.5);
  });
});
