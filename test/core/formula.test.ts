// The output-size formula as the panel shows it, numbers filled in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outputShape, outputSizeFormula, poolInfo } from '../../src/core/index';
import { poolCaseArb } from './arbitraries';

describe('outputSizeFormula', () => {
  it('x=[5,5] k=2 s=2 p=0 → floor((5 + 0 + 0 − 1·(2 − 1) − 1) / 2) + 1 = 2 per dim', () => {
    expect(outputSizeFormula([5, 5], { mode: 'max', kernel: [2, 2] })).toEqual([
      { dim: 0, text: 'floor((5 + 0 + 0 − 1·(2 − 1) − 1) / 2) + 1 = 2', value: 2 },
      { dim: 1, text: 'floor((5 + 0 + 0 − 1·(2 − 1) − 1) / 2) + 1 = 2', value: 2 },
    ]);
  });
  it('x=[1,1,5,5] k=2 s=2 ceil → ceil(...) = 3, dims count spatial dims', () => {
    const f = outputSizeFormula([1, 1, 5, 5], { mode: 'max', kernel: [2, 2], ceilMode: true });
    expect(f.map((x) => x.dim)).toEqual([0, 1]);
    expect(f[0]!.text).toBe('ceil((5 + 0 + 0 − 1·(2 − 1) − 1) / 2) + 1 = 3');
  });
  it('x=[5] k=2 s=2 p=1 ceil → 3, and the text says the last window is dropped', () => {
    const [f] = outputSizeFormula([5], { mode: 'max', kernel: [2], padding: [1], ceilMode: true });
    expect(f!.value).toBe(3);
    expect(f!.text).toMatch(/^ceil\(\(5 \+ 1 \+ 1 − 1·\(2 − 1\) − 1\) \/ 2\) \+ 1 − 1 = 3 /);
    expect(f!.text).toContain('drops it');
  });
  it("x=[5] k=2 s=2 'same' → ceil(5 / 2) = 3", () => {
    expect(outputSizeFormula([5], { mode: 'max', kernel: [2], padding: 'same' })).toEqual([{ dim: 0, text: 'ceil(5 / 2) = 3', value: 3 }]);
  });
  it('x=[9] k=3 s=2 d=2 p=[[1,0]] → floor((9 + 1 + 0 − 2·(3 − 1) − 1) / 2) + 1 = 3', () => {
    expect(outputSizeFormula([9], { mode: 'max', kernel: [3], stride: [2], dilation: [2], padding: [[1, 0]] })[0]!.text).toBe(
      'floor((9 + 1 + 0 − 2·(3 − 1) − 1) / 2) + 1 = 3',
    );
  });
  it('x=random: value = outputShape, and evaluating the text gives the value', () => {
    fc.assert(
      fc.property(poolCaseArb(), (c) => {
        const f = outputSizeFormula(c.input.shape, c.options);
        const info = poolInfo(c.input.shape, c.options);
        expect(f.map((x) => x.value)).toEqual(info.outSpatial);
        expect(outputShape(c.input.shape, c.options).slice(info.batchShape.length)).toEqual(info.outSpatial);
        for (const x of f) {
          const expr = x.text.split(' = ')[0]!.replace(/−/g, '-').replace(/·/g, '*');
          const value = Function('floor', 'ceil', `return ${expr};`)(Math.floor, Math.ceil) as number;
          expect(value).toBe(x.value);
        }
      }),
      { numRuns: 300 },
    );
  });
});
