import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pool } from '../../src/core';
import { toGrayscale } from '../../src/io';
import { expected, FIXTURES, fixture, readOne } from './helpers';

/*
 * The tutorial's pipeline, end to end: cv2.imread → cv2.cvtColor(…, COLOR_BGR2GRAY) →
 * torch max_pool2d. Ours (readArrays → toGrayscale → pool) must give the same numbers.
 * Needs /usr/bin/python3 with OpenCV and PyTorch (Debian: python3-opencv, python3-torch);
 * where they are missing the test is skipped and says why (the decoding itself is checked
 * against committed Pillow pixels in jpeg-exact.test.ts, which needs neither).
 */
const PYTHON = '/usr/bin/python3';
const files = expected<{ file: string }>('jpeg_exact').map((c) => c.file);

function probe(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import cv2, torch'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return `cv2 or torch cannot be imported (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`;
  return undefined;
}
const skipReason = probe();
if (skipReason) console.log(`[jpeg-cv2] skipped: ${skipReason}`);

const PY = `
import sys, json
import cv2, numpy as np, torch
import torch.nn.functional as F
out = {}
for path in json.load(sys.stdin):
    bgr = cv2.imread(path)              # default flags: 3 channels, EXIF orientation applied
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    t = torch.from_numpy(gray).to(torch.float32)[None, None]
    poolable = min(gray.shape) >= 2  # torch refuses an empty output
    out[path] = {
        'rgb': bgr[..., ::-1].transpose(2, 0, 1).ravel().tolist(),
        'shape': [3, *gray.shape],
        'gray': gray.ravel().tolist(),
        'max2': F.max_pool2d(t, 2, 2).ravel().tolist() if poolable else None,
        'max3': F.max_pool2d(t, 3, 2, padding=1, ceil_mode=True).ravel().tolist() if poolable else None,
    }
print(json.dumps({'cv2': cv2.__version__, 'torch': torch.__version__, 'images': out}))
`;

interface Cv2Result {
  rgb: number[];
  shape: number[];
  gray: number[];
  max2: number[] | null;
  max3: number[] | null;
}

function firstDifference(got: ArrayLike<number>, want: readonly number[]): string | undefined {
  if (got.length !== want.length) return `length ${got.length} instead of ${want.length}`;
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) return `value ${i} is ${got[i]} instead of ${want[i]}`;
  return undefined;
}

describe('photo → gray → max_pool2d equals cv2.imread → cvtColor → torch', () => {
  it.skipIf(skipReason !== undefined)(
    'on every JPEG fixture',
    () => {
      const paths = files.filter((f) => f !== 'cmyk.jpg').map((f) => join(FIXTURES, 'jpeg-exact', f));
      const r = spawnSync(PYTHON, ['-c', PY], { input: JSON.stringify(paths), encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
      expect(r.status, r.stderr).toBe(0);
      const { images } = JSON.parse(r.stdout) as { images: Record<string, Cv2Result> };
      expect(Object.keys(images).length).toBe(paths.length);
      for (const path of paths) {
        const name = path.split('/').pop()!;
        const want = images[path]!;
        const loaded = readOne(fixture('jpeg-exact', name), name);
        // cv2 gives gray JPEGs 3 equal channels; cvtColor makes them the gray values again.
        if (loaded.array.shape[0] === 3) {
          expect(loaded.array.shape, name).toEqual(want.shape);
          expect(firstDifference(loaded.array.data, want.rgb), `${name}: RGB vs cv2.imread`).toBeUndefined();
        }
        const gray = toGrayscale(loaded.array, { dtype: loaded.dtype });
        expect(firstDifference(gray.data, want.gray), `${name}: gray vs cv2.cvtColor`).toBeUndefined();
        if (want.max2 === null || want.max3 === null) continue; // 1-pixel-wide: nothing to pool
        const max2 = pool(gray, { mode: 'max', kernel: [2, 2], stride: [2, 2] }).output;
        expect(firstDifference(max2.data, want.max2), `${name}: max_pool2d(2, 2)`).toBeUndefined();
        const max3 = pool(gray, { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceilMode: true }).output;
        expect(firstDifference(max3.data, want.max3), `${name}: max_pool2d(3, 2, padding=1, ceil_mode=True)`).toBeUndefined();
      }
    },
    180_000,
  );
});
