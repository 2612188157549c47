// The extension host's longest task while it posts a 256 MiB float32 array in chunks (issue 14):
// the value-range pass must not block the host (every extension shares its thread). Drives the
// panel controller's chunked post with a host whose deliveries take DELIVERY_MS each, and
// prints the event loop's longest delay (perf_hooks: every task in the process), the whole post's
// time and which chunk carried the range. `npx tsx bench/hostRange.ts`; no marks, figures only.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { PanelController, type PanelHost } from '../src/extension/panel/controller.js';
import type { LoadedArray } from '../src/io/index.js';
import type { HostMessage } from '../src/protocol.js';

// The build defines this; the shipped extension has it false.
(globalThis as { POOLING_LENS_TEST_HOOKS?: boolean }).POOLING_LENS_TEST_HOOKS = false;

const ROWS = 8192;
const COLS = 8192;
/**
 * How long VS Code takes to deliver one message: about 150 ms per 8 MiB chunk in test-web, cold
 * (4.8 s for 32 chunks, two in flight); 20 ms is a harder case for the host, and one where the
 * chunks outrun the range.
 */
const DELIVERY_MS = [20, 150];
const ROUNDS = 2;

function array(): LoadedArray {
  const data = new Float32Array(ROWS * COLS);
  let s = 4242;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = (s >>> 8) / 2 ** 24 - 0.25;
  }
  data[12345] = Number.NaN;
  return { name: 'big.npy', dtype: 'float32', array: { shape: [ROWS, COLS], data } };
}

async function round(loaded: LoadedArray, deliveryMs: number): Promise<{ longestMs: number; totalMs: number; rangeWith: number; chunks: number }> {
  let chunks = 0;
  let rangeWith = -1;
  const host: PanelHost = {
    loadFile: async () => [loaded],
    post: (m: HostMessage) => {
      if (m.type === 'loadChunk') {
        if (m.range !== undefined) rangeWith = m.index;
        chunks++;
      }
      return new Promise((resolve) => setTimeout(() => resolve(true), deliveryMs));
    },
    log: { info: () => {}, warn: () => {}, error: () => {} },
    showError: () => {},
    showWarning: () => {},
    pickSaveTarget: async () => undefined,
    copyToClipboard: async () => {},
    openOther: async () => {},
    settings: () => ({ colormap: 'viridis', decimals: 3, convention: 'pytorch' }),
    changed: () => {},
  };
  const c = new PanelController(host, { fileName: 'big.npy', uri: 'file:///w/big.npy', reason: 'open' });
  await c.start();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t0 = performance.now();
  await c.handleMessage({ type: 'ready' });
  const totalMs = performance.now() - t0;
  loop.disable();
  c.dispose();
  return { longestMs: loop.max / 1e6, totalMs, rangeWith, chunks };
}

const loaded = array();
for (const deliveryMs of DELIVERY_MS) {
  console.log(`Host posting a ${ROWS}×${COLS} float32 array (256 MiB) in chunks, ${deliveryMs} ms per delivery:`);
  for (let r = 0; r < ROUNDS; r++) {
    const f = await round(loaded, deliveryMs);
    const range = f.rangeWith >= 0 ? `with chunk ${f.rangeWith + 1} of ${f.chunks}` : `not sent (all ${f.chunks} chunks went first)`;
    console.log(`  round ${r + 1}: longest host task ${f.longestMs.toFixed(1)} ms, post ${f.totalMs.toFixed(0)} ms, range ${range}`);
  }
}
