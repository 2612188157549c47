// The Chain view in Chromium: a 3-layer chain built with the controls shows every layer's output
// as poolChain computes it; selecting the last output's cell highlights the cells feeding it in
// every level, and the input's field equals chainTrace and a brute force (which one-hot inputs
// reach the cell); the recurrence table shows chainInfo's numbers; copies give chainToCode's
// text; everything works by keyboard; a reload restores layers and selection; a layer that
// does not fit is named at its controls. Screenshots chain-dark.png and chain-light.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { focusOutline } from './contrast.mjs';
import { changedFraction, PanelPage, run } from './harness.mjs';
import { source } from './sourceBundle.mjs';

// The expected numbers come from the core itself (bundled from src/, so the test runs the source).
const { chainInfo, chainTrace, poolChain, chainToCode } = source;

const M16 = { shape: [16, 16], fill: 'iota1', fileName: 'm16.npy' };
/** The block the panel pools for M16: [1, 16, 16] float32 1..256. */
const block16 = () => ({ shape: [1, 16, 16], data: Float32Array.from({ length: 256 }, (_, i) => i + 1) });

/** The 3-layer chain the first test builds with the controls. */
const LAYERS3 = [
  { kind: 'window', options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceilMode: false } },
  { kind: 'window', options: { mode: 'avg', kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false, countIncludePad: true } },
  { kind: 'window', options: { mode: 'max', kernel: [2, 2], stride: [1, 1], padding: [0, 0], dilation: [2, 2], ceilMode: false } },
];

async function openChain(p) {
  await p.page.getByRole('tab', { name: 'Chain layers' }).click();
  await p.page.waitForFunction(() => !document.querySelector('.pl-chain')?.hidden && window.__poolingLens.cells('chain1') !== null);
  await p.nextFrame();
}

const cells = (p, grid) => p.page.evaluate((g) => window.__poolingLens.cells(g), grid);

/** The RGBA bytes of one cell's square on a chain level's canvas. */
function cellPixels(p, level, r, c) {
  return p.page.evaluate(
    ({ level, r, c }) => {
      const canvas = document.querySelector(`.pl-chain-level[data-level="${level}"] canvas`);
      const rect = canvas.getBoundingClientRect();
      const scale = canvas.width / rect.width;
      const a = window.__poolingLens.cellCenter(`chain${level}`, r, c);
      const b = window.__poolingLens.cellCenter(`chain${level}`, r + 1, c + 1);
      const w = Math.max(1, Math.floor((b.x - a.x) * scale) - 2);
      const h = Math.max(1, Math.floor((b.y - a.y) * scale) - 2);
      const x = Math.round((a.x - rect.left) * scale - w / 2);
      const y = Math.round((a.y - rect.top) * scale - h / 2);
      return Array.from(canvas.getContext('2d').getImageData(x, y, w, h).data);
    },
    { level, r, c },
  );
}

/** A layer's output as rows (plane 0). */
function rows(out) {
  const [, hgt, w] = out.shape;
  return Array.from({ length: hgt }, (_, r) => Array.from(out.data.subarray(r * w, (r + 1) * w)));
}

/** "H 0–4 × W 2–6 (25 cells)" as the view writes it, from per-axis index lists. */
function fieldText(perAxis, names = ['H', 'W']) {
  const part = (xs, a) => {
    const first = xs[0];
    const last = xs[xs.length - 1];
    if (last - first + 1 === xs.length) return first === last ? `${names[a]} ${first}` : `${names[a]} ${first}\u2013${last}`;
    return xs.length <= 8 ? `${names[a]} ${xs.join(', ')}` : `${names[a]} ${first}\u2013${last} (${xs.length} of them)`;
  };
  const n = perAxis.reduce((p, xs) => p * xs.length, 1);
  return `${perAxis.map(part).join(' \u00d7 ')} (${n} cell${n === 1 ? '' : 's'})`;
}

/**
 * The input cells that reach output `cell` of the last layer, by brute force: each input cell
 * alone set to 1 (the rest 0), every layer read as max pooling over the same windows (so any
 * window holding the 1 passes it on); the cell is in the field when the output there is 1.
 */
function bruteField(shape, layers, cell) {
  const asMax = layers.map((l) => (l.kind === 'window' ? { kind: 'window', options: { ...l.options, mode: 'max' } } : { ...l, mode: 'max' }));
  const [, H, W] = shape;
  const rowsIn = new Set();
  const colsIn = new Set();
  let count = 0;
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      const data = new Float32Array(H * W);
      data[r * W + c] = 1;
      const outs = poolChain({ shape, data }, asMax);
      const y = outs[outs.length - 1];
      const w = y.shape[2];
      if (y.data[cell[0] * w + cell[1]] === 1) {
        rowsIn.add(r);
        colsIn.add(c);
        count++;
      }
    }
  }
  return { perAxis: [[...rowsIn].sort((a, b) => a - b), [...colsIn].sort((a, b) => a - b)], count };
}

/** Builds LAYERS3 with the controls: layer 1 from the panel (k2 s2), add a third layer, type the rest. */
async function buildThreeLayers(p) {
  await p.page.getByRole('button', { name: 'Add layer' }).click();
  for (const [label, v] of [
    ['Layer 1 kernel H', 3],
    ['Layer 1 kernel W', 3],
    ['Layer 1 padding H', 1],
    ['Layer 1 padding W', 1],
    ['Layer 3 stride H', 1],
    ['Layer 3 stride W', 1],
    ['Layer 3 dilation H', 2],
    ['Layer 3 dilation W', 2],
  ])
    await p.type(label, v);
  await p.choose('Layer 2 mode', 'avg');
  await p.nextFrame();
}

describe('Chain view', () => {
  /** @type {PanelPage | undefined} */
  let p;
  afterEach(async () => {
    await PanelPage.discard(p);
    p = undefined;
  });

  it('a 3-layer chain built with the controls: every output equals poolChain, the selected cell traces to chainTrace and the brute-force field, the table shows chainInfo', async () => {
    p = await PanelPage.open();
    await p.load(M16);
    assert.equal(await cells(p, 'chain1'), null, 'closed by default: nothing computed');
    await openChain(p);
    await buildThreeLayers(p);
    const input = block16();
    const outs = poolChain(input, LAYERS3);
    assert.deepEqual((await cells(p, 'chain0')).values, rows(input));
    for (let i = 0; i < 3; i++) assert.deepEqual((await cells(p, `chain${i + 1}`)).values, rows(outs[i]), `layer ${i + 1}'s output`);
    const fields = chainInfo(input.shape, LAYERS3);
    // The recurrence table: every layer's size, jump and start along each axis are chainInfo's.
    for (const [a, name] of ['H', 'W'].entries()) {
      const table = await p.page
        .locator(`.pl-chain-table[data-axis="${name}"] tbody tr`)
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      assert.equal(table.length, 4);
      fields.forEach((f, i) => {
        const [size, jump, start] = table[i + 1];
        assert.ok(size.endsWith(`= ${f.size[a]}`), `layer ${i + 1} ${name} size ${size} vs ${f.size[a]}`);
        assert.ok(jump.endsWith(`= ${f.jump[a]}`), `layer ${i + 1} ${name} jump ${jump}`);
        assert.ok(start.endsWith(`= ${f.start[a]}`), `layer ${i + 1} ${name} start ${start}`);
      });
      // Layer 1 with the numbers filled in: r = 1 + (3 − 1)·1·1 = 3, j = 1·2 = 2, start = 0 − 1·1 = −1.
      assert.deepEqual(table[1], ['1 + (3 \u2212 1)\u00b71\u00b71 = 3', '1\u00b72 = 2', '0 \u2212 1\u00b71 = -1']);
    }
    // Select the last output's bottom-right cell: each level's highlighted cells are chainTrace's.
    const last = outs[2];
    const cell = [last.shape[1] - 1, last.shape[2] - 1];
    const trace = chainTrace(input.shape, LAYERS3, 3, cell);
    const inside = [trace[0][0][0], trace[0][1][0]];
    const before = { inside: await cellPixels(p, 0, ...inside), outside: await cellPixels(p, 0, 0, 0) };
    await p.click('chain3', cell[0], cell[1]);
    await p.page.mouse.move(1, 1);
    await p.nextFrame();
    for (let level = 0; level < 3; level++) {
      assert.equal(
        await p.text(`.pl-chain-level[data-level="${level}"] .pl-chain-field`),
        `Feeds the selected cell: ${fieldText(trace[level])}`,
        `level ${level}`,
      );
    }
    const brute = bruteField(input.shape, LAYERS3, cell);
    assert.deepEqual(trace[0], brute.perAxis, 'chainTrace = brute force');
    assert.equal(await p.text('.pl-chain-level[data-level="0"] .pl-chain-field'), `Feeds the selected cell: ${fieldText(brute.perAxis)}`);
    assert.equal(brute.count, brute.perAxis[0].length * brute.perAxis[1].length, 'the brute-force field is a product of per-axis sets');
    // Its closed-form extent: start + t·jump … + size − 1 per axis (chainInfo's numbers).
    const f = fields[2];
    const detail = await p.text('.pl-chain-detail');
    for (const a of [0, 1]) {
      const lo = f.start[a] + cell[a] * f.jump[a];
      assert.ok(detail.includes(`${['H', 'W'][a]} ${lo}\u2026${lo + f.size[a] - 1}`), detail);
    }
    assert.ok(detail.startsWith(`Output [${cell.join(', ')}] of layer 3 = ${last.data[last.data.length - 1]}`), detail);
    // The highlight is drawn: a traced input cell looks different than with no selection, a cell
    // outside the field (0, 0) does not.
    assert.ok(changedFraction(before.inside, await cellPixels(p, 0, ...inside)) > 0.2, 'the field is highlighted');
    assert.equal(changedFraction(before.outside, await cellPixels(p, 0, 0, 0)), 0, 'cells outside the field are unchanged');
    await p.close();
    p = undefined;
  });

  it('copies the chain as nn.Sequential, Keras Sequential and ONNX graph (chainToCode) through copyText', async () => {
    p = await PanelPage.open();
    await p.load(M16);
    await openChain(p);
    await buildThreeLayers(p);
    const input = block16();
    const values = { kind: 'values', values: input.data, dtype: 'float32' };
    /** Clicks a copy button: the copyText text is chainToCode's, or (a framework that cannot express the chain) the status says why. */
    const copy = async (framework, label, layers) => {
      let want;
      try {
        want = { ok: true, text: chainToCode(input.shape, layers, framework, values) };
      } catch (e) {
        want = { ok: false, message: e.message };
      }
      const before = (await p.posted('copyText')).length;
      await p.page.getByRole('button', { name: `Copy as ${label}` }).click();
      const copies = await p.posted('copyText');
      if (want.ok) {
        assert.equal(copies.length, before + 1, label);
        assert.equal(copies.at(-1).text, want.text, `${label} text`);
      } else {
        assert.equal(copies.length, before, `${label}: nothing copied`);
        assert.equal(await p.text('.pl-chain-status'), `Cannot copy as ${label}: ${want.message}`);
      }
      return want.ok;
    };
    assert.ok(await copy('pytorch', 'nn.Sequential', LAYERS3));
    assert.match(
      (await p.posted('copyText')).at(-1).text,
      /model = nn\.Sequential\(\n {4}nn\.MaxPool2d\(kernel_size=\(3, 3\), stride=\(2, 2\), padding=\(1, 1\)/,
    );
    assert.ok(await copy('onnx', 'ONNX graph', LAYERS3));
    assert.match((await p.posted('copyText')).at(-1).text, /helper\.make_graph/);
    // Keras has no dilation: its reason instead of a copy. Nor the ResNet stem's padding 1 (its
    // 'same' pads after, not before); two 2×2 max pools copy.
    assert.equal(await copy('keras', 'Keras Sequential', LAYERS3), false);
    await p.page.getByRole('button', { name: 'ResNet stem' }).click();
    const resnet = [
      { kind: 'window', options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceilMode: false } },
      { kind: 'global', mode: 'avg', spatialDims: 2 },
    ];
    assert.equal(await copy('keras', 'Keras Sequential', resnet), false);
    await p.page.getByRole('button', { name: 'From the panel' }).click();
    const twoMax = [0, 1].map(() => ({
      kind: 'window',
      options: { mode: 'max', kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false },
    }));
    assert.ok(await copy('keras', 'Keras Sequential', twoMax));
    assert.match((await p.posted('copyText')).at(-1).text, /tf\.keras\.Sequential\(/);
    await p.page.getByRole('button', { name: 'ResNet stem' }).click();
    assert.ok(await copy('pytorch', 'nn.Sequential', resnet));
    await p.close();
    p = undefined;
  });

  it('a layer that does not fit is named at its own controls (VGG on 16×16: layer 5)', async () => {
    p = await PanelPage.open();
    await p.load(M16);
    await openChain(p);
    await p.page.getByRole('button', { name: 'VGG' }).click();
    await p.nextFrame();
    const msg = await p.text('.pl-chain-level[data-level="5"] .pl-field-message');
    assert.match(msg, /^layer 5: /);
    assert.equal(await p.page.getByLabel('Layer 5 kernel H', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await p.page.getByLabel('Layer 4 kernel H', { exact: true }).getAttribute('aria-invalid'), null);
    for (let level = 1; level <= 4; level++) assert.equal(await p.text(`.pl-chain-level[data-level="${level}"] .pl-field-message`), '');
    // The layers before it still show their outputs (16 → 8 → 4 → 2 → 1); layer 5 has none.
    const max2 = { kind: 'window', options: { mode: 'max', kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false } };
    const outs = poolChain(block16(), [max2, max2, max2, max2]);
    for (let i = 0; i < 4; i++) assert.deepEqual((await cells(p, `chain${i + 1}`)).values, rows(outs[i]), `layer ${i + 1}`);
    assert.equal(await cells(p, 'chain5'), null);
    // Fixing it by keyboard clears the message: ceil mode does not help (1 cell, kernel 2), kernel 1 does.
    await p.type('Layer 5 kernel H', 1);
    await p.type('Layer 5 kernel W', 1);
    await p.nextFrame();
    assert.equal(await p.text('.pl-chain-level[data-level="5"] .pl-field-message'), '');
    assert.deepEqual((await cells(p, 'chain5')).values, [[256]]);
    // Text that is not a number is flagged at its layer too, and the chain keeps its last value.
    await p.page.getByRole('button', { name: 'ResNet stem' }).click();
    await p.type('Layer 1 stride W', 'x');
    await p.nextFrame();
    assert.match(await p.text('.pl-chain-level[data-level="1"] .pl-field-message'), /layer 1: stride W: .x. is not a whole number/);
    assert.deepEqual((await cells(p, 'chain2')).values.length, 1, 'global average: one cell');
    await p.close();
    p = undefined;
  });

  it('works by keyboard only: tabs, presets, add/move/remove, arrow keys move the selected cell; a reload restores layers and selection', async () => {
    p = await PanelPage.open();
    await p.load(M16);
    await p.page.getByRole('tab', { name: 'Input \u2192 Output' }).focus();
    await p.page.keyboard.press('ArrowRight');
    await p.page.keyboard.press('ArrowRight');
    await p.page.waitForFunction(() => window.__poolingLens.cells('chain1') !== null);
    assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), 'Chain layers');
    const focused = () => p.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
    /** Presses Tab until the focused control's name is `name` (at most 80 presses). */
    const tabTo = async (name) => {
      for (let i = 0; i < 80; i++) {
        await p.page.keyboard.press('Tab');
        if ((await focused()) === name) return;
      }
      assert.fail(`Tab never reached ${name}`);
    };
    await tabTo('ResNet stem');
    await p.page.keyboard.press('Enter');
    await p.nextFrame();
    assert.equal(await p.text('.pl-chain-level[data-level="2"] .pl-chain-summary'), 'global avg');
    await tabTo('Add layer');
    await p.page.keyboard.press('Space');
    await p.nextFrame();
    assert.equal(await p.page.locator('.pl-chain-level:not([hidden])').count(), 4, 'input and three layers');
    // Move layer 3 (the new 2×2 max) earlier with the keyboard: the focus follows the layer.
    await tabTo('Move layer 3 earlier');
    await p.page.keyboard.press('Enter');
    await p.nextFrame();
    assert.equal(await focused(), 'Move layer 2 earlier');
    assert.equal(await p.text('.pl-chain-level[data-level="2"] .pl-chain-summary'), 'max k2 s2');
    assert.equal(await p.text('.pl-chain-level[data-level="3"] .pl-chain-summary'), 'global avg');
    // Type a kernel by keyboard.
    await tabTo('Layer 2 kernel W');
    await p.page.keyboard.press('Control+A');
    await p.page.keyboard.type('3');
    await p.nextFrame();
    assert.equal(await p.text('.pl-chain-level[data-level="2"] .pl-chain-summary'), 'max k2\u00d73 s2');
    // Remove it again: back to the ResNet stem.
    await tabTo('Remove layer 2');
    await p.page.keyboard.press('Enter');
    await p.nextFrame();
    assert.equal(await p.page.locator('.pl-chain-level:not([hidden])').count(), 3);
    // Add a 2×2 max (stride 1 after typing) so the last output has more than one cell, then select by arrows.
    await tabTo('Add layer');
    await p.page.keyboard.press('Enter');
    await tabTo('Layer 2 type');
    await p.page.keyboard.press('ArrowUp'); // global → adaptive
    await p.page.keyboard.press('ArrowUp'); // adaptive → window
    await p.nextFrame();
    assert.equal(await p.text('.pl-chain-level[data-level="2"] .pl-chain-summary'), 'avg k2 s2');
    await tabTo('Layer 3 stride W');
    await p.page.keyboard.press('Control+A');
    await p.page.keyboard.type('1');
    await tabTo('Layer 3 output grid');
    await p.page.keyboard.press('ArrowDown'); // first press selects [0, 0]
    await p.page.keyboard.press('ArrowRight');
    await p.page.keyboard.press('ArrowRight');
    await p.nextFrame();
    const layers = [
      { kind: 'window', options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceilMode: false } },
      { kind: 'window', options: { mode: 'avg', kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false, countIncludePad: true } },
      { kind: 'window', options: { mode: 'max', kernel: [2, 2], stride: [2, 1], padding: [0, 0], dilation: [1, 1], ceilMode: false } },
    ];
    const trace = chainTrace([1, 16, 16], layers, 3, [0, 2]);
    assert.match(await p.text('.pl-chain-detail'), /^Output \[0, 2\] of layer 3 = /);
    assert.equal(await p.text('.pl-chain-level[data-level="0"] .pl-chain-field'), `Feeds the selected cell: ${fieldText(trace[0])}`);
    await p.page.waitForTimeout(400);
    const state = await p.page.evaluate(() => window.__savedState());
    assert.equal(state.ui.view.chain, true);
    assert.equal(state.ui.chain.version, 1);
    assert.deepEqual(state.ui.chain.selected, [0, 2]);
    assert.equal(state.ui.chain.layers.length, 3);
    await p.close();

    p = await PanelPage.open();
    await p.page.evaluate((s) => window.__setSavedState(s), state);
    await p.load(M16);
    await p.page.waitForFunction(() => window.__poolingLens.cells('chain3') !== null);
    assert.ok(!(await p.page.locator('.pl-grids').isVisible()), 'the Chain view reopens in place of the grids');
    assert.equal(await p.page.getByRole('tab', { name: 'Chain layers' }).getAttribute('aria-selected'), 'true');
    assert.match(await p.text('.pl-chain-detail'), /^Output \[0, 2\] of layer 3 = /);
    const outs = poolChain(block16(), layers);
    assert.deepEqual((await cells(p, 'chain3')).values, rows(outs[2]));
    // A saved chain of another version is not trusted: the defaults come instead.
    await p.close();
    p = await PanelPage.open();
    await p.page.evaluate((s) => window.__setSavedState({ ...s, ui: { ...s.ui, chain: { ...s.ui.chain, version: 99 } } }), state);
    await p.load(M16);
    await p.page.waitForFunction(() => window.__poolingLens.cells('chain2') !== null);
    assert.equal(await p.page.locator('.pl-chain-level:not([hidden])').count(), 3, 'the default two layers');
    await p.close();
    p = undefined;
  });

  it('a 1-D chain for text: the 1-D preset on 1-D data', async () => {
    p = await PanelPage.open();
    await p.load({ shape: [40], fill: 'wave', fileName: 'tokens.npy' });
    await openChain(p);
    assert.ok(await p.page.getByRole('button', { name: '1-D text' }).isVisible());
    await p.page.getByRole('button', { name: '1-D text' }).click();
    await p.nextFrame();
    const data = await p.page.evaluate(() => window.__poolingLens.cells('chain0').values[0]);
    const layers = [
      { kind: 'window', options: { mode: 'avg', kernel: [3], stride: [1], padding: [1], dilation: [1], ceilMode: false, countIncludePad: true } },
      { kind: 'window', options: { mode: 'max', kernel: [2], stride: [2], padding: [0], dilation: [1], ceilMode: false } },
      { kind: 'global', mode: 'max', spatialDims: 1 },
    ];
    const outs = poolChain({ shape: [1, 40], data: Float32Array.from(data) }, layers);
    for (let i = 0; i < 3; i++) assert.deepEqual((await cells(p, `chain${i + 1}`)).values[0], Array.from(outs[i].data), `layer ${i + 1}`);
    await p.close();
    p = undefined;
  });

  it('an RGB picture: the levels are drawn in colour, the numbers are the chosen channel’s', async () => {
    p = await PanelPage.open();
    await p.load({ shape: [3, 24, 36], fill: 'image', fileName: 'photo.png', dtype: 'uint8', image: { width: 36, height: 24, channels: 3, bitDepth: 8 } });
    await openChain(p);
    await p.page.getByRole('button', { name: 'ResNet stem' }).click();
    await p.nextFrame();
    const layers = [
      { kind: 'window', options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceilMode: false } },
      { kind: 'global', mode: 'avg', spatialDims: 2 },
    ];
    const shown = (await cells(p, 'chain0')).values;
    assert.equal(shown.length, 24);
    // Pooling is per plane: the first channel's outputs (the numbers shown) come from its plane alone.
    const data = new Float32Array(3 * 24 * 36);
    data.set(shown.flat(), 0);
    const outs = poolChain({ shape: [3, 24, 36], data }, layers);
    assert.deepEqual((await cells(p, 'chain1')).values, rows({ shape: [1, 12, 18], data: outs[0].data.subarray(0, 12 * 18) }));
    assert.equal((await cells(p, 'chain2')).values[0][0], outs[1].data[0]);
    // Drawn in colour: the input grid's pixels are not grey.
    const px = await p.page.evaluate(() => {
      const canvas = document.querySelector('.pl-chain-level[data-level="0"] canvas');
      const c = window.__poolingLens.cellCenter('chain0', 12, 30);
      const rect = canvas.getBoundingClientRect();
      return Array.from(canvas.getContext('2d').getImageData(Math.round(c.x - rect.left), Math.round(c.y - rect.top), 1, 1).data);
    });
    assert.ok(Math.max(px[0], px[1], px[2]) - Math.min(px[0], px[1], px[2]) > 40, `a colour pixel: ${px}`);
    await p.close();
    p = undefined;
  });

  it('a chain on a plane too big to send whole: its levels are rasters, the selected cell’s value is read in the worker, moving the selection pools nothing', async () => {
    p = await PanelPage.open();
    const shape = [1030, 1030];
    await p.load({ shape, fill: 'wave', fileName: 'big.npy', initial: { mode: 'avg', kernel: [3, 3], stride: [1, 1], padding: [1, 1] } });
    await p.page.getByRole('tab', { name: 'Chain layers' }).click();
    // Layer 2 (max 2×2 from the panel preset) made 1×1 stride 1: the last output stays 1030² (over the 1M cells sent whole).
    for (const [label, v] of [
      ['Layer 2 kernel H', 1],
      ['Layer 2 kernel W', 1],
      ['Layer 2 stride H', 1],
      ['Layer 2 stride W', 1],
    ])
      await p.type(label, v);
    await p.nextFrame();
    await p.page.waitForFunction(() => window.__poolingLens.shownFrames('chain2').length > 0);
    assert.match(await p.text('.pl-chain-status'), /: 1030 \u00d7 1030 \u2192 1030 \u00d7 1030 \u2192 1030 \u00d7 1030\./);
    for (const g of ['chain0', 'chain1', 'chain2'])
      assert.ok(Number.isNaN(await p.page.evaluate((g) => window.__poolingLens.value(g, 515, 515), g)), `${g}: not sent whole`);
    const before = await p.page.evaluate(() => window.__poolingLens.workerStats());
    await p.page.getByLabel('Layer 2 output grid').focus();
    await p.page.keyboard.press('ArrowDown'); // selects [0, 0]
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('ArrowRight');
    await p.nextFrame();
    const after = await p.page.evaluate(() => window.__poolingLens.workerStats());
    assert.equal(after.poolCalls, before.poolCalls, 'selecting cells pools nothing again (the worker keeps the chain)');
    // Output [1, 1]: the 3×3 average of input rows and columns 0–2 (no padding reached), then a 1×1 max.
    const values = Float32Array.from(
      { length: shape[0] * shape[1] },
      (_, i) => Math.sin((i % shape[1]) * 0.05) * Math.cos(Math.floor(i / shape[1]) * 0.03) * 100,
    );
    const layers = [
      { kind: 'window', options: { mode: 'avg', kernel: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], ceilMode: false, countIncludePad: true } },
      { kind: 'window', options: { mode: 'max', kernel: [1, 1], stride: [1, 1], padding: [0, 0], dilation: [1, 1], ceilMode: false } },
    ];
    const outs = poolChain({ shape: [1, ...shape], data: values }, layers);
    const want = outs[1].data[1 * shape[1] + 1];
    const detail = await p.text('.pl-chain-detail-head');
    const m = /^Output \[1, 1\] of layer 2 = (-?[\d.]+)$/.exec(detail);
    assert.ok(m, detail);
    assert.ok(Math.abs(Number(m[1]) - want) < 0.001, `${detail} vs ${want}`);
    await p.close();
    p = undefined;
  });

  it('3-D pooling: each level shows the depth slice that feeds the selected cell', async () => {
    p = await PanelPage.open();
    await p.load({ shape: [6, 8, 8], fill: 'iota1', fileName: 'vol.npy', initial: { spatialAxes: [0, 1, 2], kernel: [2, 2, 2] } });
    await openChain(p);
    const max2 = { kind: 'window', options: { mode: 'max', kernel: [2, 2, 2], stride: [2, 2, 2], padding: [0, 0, 0], dilation: [1, 1, 1], ceilMode: false } };
    const input = { shape: [1, 6, 8, 8], data: Float32Array.from({ length: 384 }, (_, i) => i + 1) };
    const outs = poolChain(input, [max2, max2]);
    assert.deepEqual(outs[1].shape, [1, 1, 2, 2]);
    await p.page.getByLabel('Layer 2 output grid').focus();
    await p.page.keyboard.press('ArrowDown'); // selects [0, 0, 0]
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('ArrowRight');
    await p.nextFrame();
    const trace = chainTrace(input.shape, [max2, max2], 2, [0, 1, 1]);
    assert.equal(await p.text('.pl-chain-level[data-level="0"] .pl-chain-field'), `Feeds the selected cell: ${fieldText(trace[0], ['D', 'H', 'W'])}`);
    // The input shows depth 0 (the first depth feeding the cell); layer 1 its depth trace[1][0][0].
    assert.match(await p.text('.pl-chain-level[data-level="0"] .pl-chain-caption'), new RegExp(`depth ${trace[0][0][0]} of 6`));
    assert.match(await p.text('.pl-chain-level[data-level="1"] .pl-chain-caption'), new RegExp(`depth ${trace[1][0][0]} of 3`));
    const l1 = outs[0];
    const d1 = trace[1][0][0];
    const slice = Array.from({ length: 4 }, (_, r) => Array.from(l1.data.subarray(d1 * 16 + r * 4, d1 * 16 + r * 4 + 4)));
    assert.deepEqual((await cells(p, 'chain1')).values, slice);
    assert.ok((await p.text('.pl-chain-detail')).startsWith(`Output [0, 1, 1] of layer 2 = ${outs[1].data[3]}`));
    await p.close();
    p = undefined;
  });

  for (const theme of ['hc-dark', 'hc-light']) {
    it(`${theme}: every control of the Chain view takes focus with an outline of at least 3:1`, async () => {
      p = await PanelPage.open({ theme, width: 1280, height: 900 });
      await p.load(M16);
      await openChain(p);
      await p.page.getByRole('button', { name: 'Add layer' }).click();
      await p.page.getByRole('tab', { name: 'Chain layers' }).focus();
      const outlines = [];
      for (let i = 0; i < 120; i++) {
        await p.page.keyboard.press('Tab');
        const inChain = await p.page.evaluate(() => !!document.activeElement?.closest('.pl-chain'));
        if (!inChain) break;
        const o = await p.page.evaluate(focusOutline);
        if (o) outlines.push(o);
      }
      const names = outlines.map((o) => o.where).join(' / ');
      // Presets, add, three copies; per layer type, mode, 8 numbers, ceil (and move/remove); four grids.
      assert.ok(outlines.length >= 40, `Tab reached ${outlines.length} controls: ${names}`);
      assert.equal(outlines.filter((o) => o.where.startsWith('canvas')).length, 4, `the input's and every layer's grid take focus: ${names}`);
      const bad = outlines.filter((o) => o.style === 'none' || o.width < 1 || o.ratio < 3);
      assert.deepEqual(
        bad.map((o) => `${o.where}: ${o.style} ${o.width}px ${o.color} (${o.ratio}:1)`),
        [],
      );
      await p.close();
      p = undefined;
    });
  }

  for (const theme of ['dark', 'light']) {
    it(`chain-${theme}.png: a 3-layer chain with a selected cell`, async () => {
      p = await PanelPage.open({ theme, width: 1280, height: 900 });
      await p.load({ shape: [32, 32], fill: 'wave', fileName: 'features.npy' });
      await openChain(p);
      await buildThreeLayers(p);
      await p.click('chain3', 2, 2);
      await p.page.mouse.move(1, 1);
      await p.page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      await p.nextFrame();
      await p.page.screenshot({ path: path.join(run.screenshotDir, `chain-${theme}.png`) });
      await p.close();
      p = undefined;
    });
  }
});
