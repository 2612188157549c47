// How long the extension host's thread is held while a large JPEG decodes (issue 14: nothing
// freezes on a 4096² image). For 4096² baseline, progressive and EXIF-rotated JPEGs written by
// Pillow into the temp directory: the decode's total time at once (readArraysSync, median) and
// in pieces (readArrays), and the longest gap between the ticks of a 1 ms timer while readArrays
// runs (what every other extension would wait). `npx tsx bench/jpegTasks.ts`; figures only, no
// marks, not part of `npm run bench`. Needs /usr/bin/python3 with numpy and PIL (says so if not).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readArrays, readArraysSync } from '../src/io/index.js';

const SIZE = 4096;
const RUNS = 5;
const PYTHON = '/usr/bin/python3';

/** A photo-like image (smooth shapes, edges and noise, so the entropy data is realistic), saved three ways. */
const MAKE = `
import sys, numpy as np
from PIL import Image
n, out = int(sys.argv[1]), sys.argv[2]
y, x = np.mgrid[0:n, 0:n].astype(np.float32) / n
rng = np.random.default_rng(7)
noise = rng.normal(0, 12, (n, n, 3)).astype(np.float32)
r = 128 + 100 * np.sin(9 * x + 3 * y) * np.cos(5 * y)
g = 128 + 90 * np.cos(7 * x * y + 2) + 40 * ((x * 23).astype(int) % 2)
b = 128 + 110 * np.sin(13 * (x - 0.5) ** 2 + 11 * (y - 0.5) ** 2)
img = Image.fromarray(np.clip(np.stack([r, g, b], -1) + noise, 0, 255).astype(np.uint8))
img.save(f"{out}/pl-bench-{n}-baseline.jpg", quality=90)
img.save(f"{out}/pl-bench-{n}-progressive.jpg", quality=90, progressive=True)
exif = Image.Exif(); exif[0x0112] = 6
img.save(f"{out}/pl-bench-{n}-rotated.jpg", quality=90, exif=exif.tobytes())
`;

function makeImages(dir: string): string[] | string {
  const names = ['baseline', 'progressive', 'rotated'].map((k) => join(dir, `pl-bench-${SIZE}-${k}.jpg`));
  if (names.every(existsSync)) return names;
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const made = spawnSync(PYTHON, ['-c', MAKE, String(SIZE), dir], { encoding: 'utf8' });
  if (made.status !== 0)
    return `${PYTHON} could not write the JPEGs (numpy and PIL needed): ${(made.stderr || made.error?.message || '').trim().split('\n').pop()}`;
  return names;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** readArrays with a 1 ms interval running beside it: the total time and the longest gap between ticks. */
async function piecewise(bytes: Uint8Array, name: string): Promise<{ totalMs: number; longestGapMs: number; ticks: number }> {
  let last = performance.now();
  let longest = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    ticks++;
  }, 1);
  const t0 = performance.now();
  last = t0;
  await readArrays(bytes, name);
  const totalMs = performance.now() - t0;
  longest = Math.max(longest, performance.now() - last);
  clearInterval(timer);
  return { totalMs, longestGapMs: longest, ticks };
}

async function main(): Promise<void> {
  const files = makeImages(tmpdir());
  if (typeof files === 'string') {
    console.log(`jpegTasks: skipped: ${files}.`);
    return;
  }
  console.log(`JPEG decoding on the host's thread, ${SIZE}², ${RUNS} runs each, at once and in pieces alternately`);
  console.log('(total: median / min ms; longest gap between 1 ms ticks while readArrays decodes: median / max ms)');
  console.log(`${'file'.padEnd(30)}    bytes  at once ms    in pieces ms   longest gap ms    ticks`);
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    const name = file.slice(file.lastIndexOf('/') + 1);
    readArraysSync(bytes, name); // warm up the JIT
    const once: number[] = [];
    const pieces: number[] = [];
    const gaps: number[] = [];
    const ticks: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      readArraysSync(bytes, name);
      once.push(performance.now() - t0);
      const p = await piecewise(bytes, name);
      pieces.push(p.totalMs);
      gaps.push(p.longestGapMs);
      ticks.push(p.ticks);
    }
    const pair = (xs: number[], other: number, digits = 0): string => `${median(xs).toFixed(digits)} / ${other.toFixed(digits)}`;
    console.log(
      `${name.padEnd(30)} ${String(bytes.length).padStart(8)} ${pair(once, Math.min(...once)).padStart(11)} ${pair(pieces, Math.min(...pieces)).padStart(15)} ${pair(gaps, Math.max(...gaps), 1).padStart(16)} ${String(median(ticks)).padStart(8)}`,
    );
  }
}

await main();
