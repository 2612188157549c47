// The examples of the widely copied pooling tutorial, with the right answers (its code crashes
// on the 5×5 case and prints wrong numbers).
import { describe, expect, it } from 'vitest';
import { pool } from '../../src/core/index';

const range = (n: number) => Float64Array.from({ length: n }, (_, i) => i + 1);

describe('tutorial examples, max pooling', () => {
  it('x=[5,5] 1..25 k=2 s=2 p=0 → [[7,9],[17,19]]', () => {
    const r = pool({ shape: [5, 5], data: range(25) }, { mode: 'max', kernel: [2, 2], stride: [2, 2] });
    expect(r.output.shape).toEqual([2, 2]);
    expect(Array.from(r.output.data)).toEqual([7, 9, 17, 19]);
  });

  it('x=[5,5] 1..25 k=2 s=2 p=0 ceil → [[7,9,10],[17,19,20],[22,24,25]]', () => {
    const r = pool({ shape: [5, 5], data: range(25) }, { mode: 'max', kernel: [2, 2], stride: [2, 2], ceilMode: true });
    expect(r.output.shape).toEqual([3, 3]);
    expect(Array.from(r.output.data)).toEqual([7, 9, 10, 17, 19, 20, 22, 24, 25]);
  });

  it('x=[4,4] 1..16 k=2 s=2 p=0 → [[6,8],[14,16]]', () => {
    const r = pool({ shape: [4, 4], data: range(16) }, { mode: 'max', kernel: [2, 2] });
    expect(r.output.shape).toEqual([2, 2]);
    expect(Array.from(r.output.data)).toEqual([6, 8, 14, 16]);
  });

  it('x=[10] 1..10 k=2 s=1 p=0 → 9 values 2..10', () => {
    const r = pool({ shape: [10], data: range(10) }, { mode: 'max', kernel: [2], stride: [1] });
    expect(r.output.shape).toEqual([9]);
    expect(Array.from(r.output.data)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('x=[5,5] 1..25 k=2 s=2 ceil, indices point at the chosen cells', () => {
    const r = pool({ shape: [5, 5], data: range(25) }, { mode: 'max', kernel: [2, 2], ceilMode: true, returnIndices: true });
    expect(Array.from(r.indices!)).toEqual([6, 8, 9, 16, 18, 19, 21, 23, 24]);
  });

  it('x=[1,1,5,5] f32 (batch and channel dims) gives the same numbers as float32', () => {
    const r = pool({ shape: [1, 1, 5, 5], data: Float32Array.from(range(25)) }, { mode: 'max', kernel: [2, 2] });
    expect(r.output.shape).toEqual([1, 1, 2, 2]);
    expect(r.output.data).toBeInstanceOf(Float32Array);
    expect(Array.from(r.output.data)).toEqual([7, 9, 17, 19]);
  });
});
