// A large array arriving in chunks (issue 14, src/chunks.ts): the panel draws the rows that
// arrived and the output rows they complete while the rest is pending (dimmed, aria-busy, drawn
// faint), then the full frame, whose output equals the same array loaded in one message, value
// for value. A lost chunk is an error the user reads; a chunk of an abandoned load is ignored.
import assert from 'node:assert/strict';
import { PanelPage } from './harness.mjs';

const SHAPE = [200, 150];
const ROWS_PER_CHUNK = 20;
const INITIAL = { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1] };

/** Builds the array in the page (window.__chunked) and posts its header as the host would. */
async function postHeader(p, loadId, chunkCount = SHAPE[0] / ROWS_PER_CHUNK) {
  await p.page.evaluate(
    ({ shape, loadId, chunkCount, initial }) => {
      const n = shape[0] * shape[1];
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = Math.fround(Math.sin(i * 0.37) * 50 + (i % 7));
      let min = Infinity;
      let max = -Infinity;
      for (const v of data) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      window.__chunked = data;
      window.__host({
        type: 'loadStart',
        fileName: 'big.npy',
        uri: 'file:///work/big.npy',
        arrayNames: ['big'],
        array: { name: 'big', dtype: 'float32', shape, storage: 'float32', loadId, totalBytes: n * 4, chunkCount, range: { min, max } },
        settings: { colormap: 'auto', decimals: 3, convention: 'pytorch' },
        initial,
      });
    },
    { shape: SHAPE, loadId, chunkCount, initial: INITIAL },
  );
}

/** Posts chunk `index` (ROWS_PER_CHUNK rows) of load `loadId`, in a buffer of its own as VS Code delivers it. */
async function postChunk(p, loadId, index, at = index) {
  await p.page.evaluate(
    ({ loadId, index, at, rows, cols }) => {
      const bytes = new Uint8Array(window.__chunked.buffer, at * rows * cols * 4, rows * cols * 4).slice();
      window.__host({ type: 'loadChunk', loadId, index, offset: at * rows * cols * 4, bytes });
    },
    { loadId, index, at, rows: ROWS_PER_CHUNK, cols: SHAPE[1] },
  );
}

const bands = (p) => p.page.evaluate(() => window.__poolingLens.timeline().filter((e) => e.kind === 'band'));

async function waitForBand(p, count) {
  await p.page.waitForFunction((n) => window.__poolingLens.timeline().filter((e) => e.kind === 'band').length >= n, count, { timeout: 20_000 });
}

const paneState = (p) =>
  p.page.evaluate(() =>
    [...document.querySelectorAll('.pl-pane')].map((el) => ({ busy: el.getAttribute('aria-busy'), pending: el.classList.contains('pl-pending') })),
  );

describe('A chunked load', () => {
  /** @type {PanelPage | undefined} */
  let p;
  afterEach(async () => {
    await PanelPage.discard(p);
    p = undefined;
  });

  it('draws the rows that arrived (pending rest), then the full frame, whose output equals a one-message load', async () => {
    p = await PanelPage.open();
    await postHeader(p, 1);
    const seen = [];
    const chunks = SHAPE[0] / ROWS_PER_CHUNK;
    // A band after every chunk but the last two (the full frame follows them).
    for (let i = 0; i < chunks - 2; i++) {
      const before = (await bands(p)).length;
      await postChunk(p, 1, i);
      await waitForBand(p, before + 1);
      await p.page.waitForFunction(
        (n) => {
          const b = window.__poolingLens.timeline().filter((e) => e.kind === 'band');
          return b.length > 0 && b[b.length - 1].inputRows >= n;
        },
        (i + 1) * ROWS_PER_CHUNK,
      );
      const last = (await bands(p)).at(-1);
      seen.push(last);
      assert.deepEqual(await paneState(p), [
        { busy: 'true', pending: true },
        { busy: 'true', pending: true },
      ]);
      if (i === 3) await p.page.screenshot({ path: '/tmp/pooling-lens-chunked-band.png' }).catch(() => {});
    }
    // Output row o's window (k3 s2 p1) ends at input row 2o + 1: rows up to (r - 2) / 2 are complete.
    for (const b of seen) assert.equal(b.outRows, Math.floor((b.inputRows - 2) / 2) + 1, JSON.stringify(b));
    const rendered = await p.posted('rendered');
    assert.equal(rendered.length, 0, 'no full frame before the last chunk');

    await postChunk(p, 1, chunks - 2);
    const since = await p.postedCount();
    await postChunk(p, 1, chunks - 1);
    const r = await p.renderedAfter(since);
    assert.deepEqual(r.output, [100, 75]);
    await p.nextFrame();
    assert.deepEqual(await paneState(p), [
      { busy: 'false', pending: false },
      { busy: 'false', pending: false },
    ]);
    const chunked = await p.page.evaluate(() => window.__poolingLens.cells('output').values.flat());
    const values = await p.page.evaluate(() => Array.from(window.__chunked));
    assert.equal(await p.page.evaluate(() => window.__poolingLens.copies()), 1, 'the worker copied the chunks in: one copy in the webview');

    await p.load({ shape: SHAPE, values, initial: INITIAL, name: 'big', fileName: 'big.npy', uri: 'file:///work/big.npy' });
    await p.nextFrame();
    const whole = await p.page.evaluate(() => window.__poolingLens.cells('output').values.flat());
    assert.equal(chunked.length, 100 * 75);
    const differ = chunked.findIndex((v, i) => !Object.is(v, whole[i]));
    assert.equal(differ, -1, `cell ${differ}: chunked ${chunked[differ]}, whole ${whole[differ]}`);
    await p.close();
    p = undefined;
  });

  it('a parameter changed while rows arrive redraws the band for it; the full frame then pools with it', async () => {
    p = await PanelPage.open();
    await postHeader(p, 2);
    for (let i = 0; i < 3; i++) await postChunk(p, 2, i);
    await p.page.waitForFunction(() => window.__poolingLens.timeline().some((e) => e.kind === 'band' && e.inputRows === 60));
    await p.page.evaluate(() => {
      const input = document.querySelector('[aria-label="Kernel H"]');
      input.value = '5';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // k5 s2 p1: output row o's window ends at input row 2o + 3, so 60 rows complete rows 0..28.
    await p.page.waitForFunction(() => window.__poolingLens.timeline().some((e) => e.kind === 'band' && e.inputRows === 60 && e.outRows === 29), null, {
      timeout: 20_000,
    });
    const since = await p.postedCount();
    for (let i = 3; i < SHAPE[0] / ROWS_PER_CHUNK; i++) await postChunk(p, 2, i);
    const r = await p.renderedAfter(since);
    assert.deepEqual(r.output, [99, 75]);
    await p.close();
    p = undefined;
  });

  it('a lost chunk is an error the user reads; chunks of an abandoned load are ignored', async () => {
    p = await PanelPage.open();
    await postHeader(p, 5);
    await postChunk(p, 5, 0);
    await postHeader(p, 6); // a newer load abandons load 5
    await postChunk(p, 5, 1); // ignored
    await postChunk(p, 6, 0);
    await waitForBand(p, 2);
    await postChunk(p, 6, 2); // part 2 lost
    await p.page.waitForFunction(() => /was lost/.test(document.body.textContent ?? ''), null, { timeout: 20_000 });
    const text = await p.page.evaluate(() => document.body.textContent ?? '');
    assert.match(text, /Could not load big: part 2 of 10 of the array was lost \(part 3 came next\)/);
    await p.close();
    p = undefined;
  });
});
