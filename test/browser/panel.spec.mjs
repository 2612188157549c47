// The panel's behaviour in Chromium: rendering, linking both ways, keyboard, invalid
// parameters, padding and dilation windows, conventions, images, errors, state.
import assert from 'node:assert/strict';
import { changedFraction, PanelPage, sameColor } from './harness.mjs';

const M5 = { shape: [5, 5], fill: 'iota1', fileName: 'm.npy' };

describe('Pooling Lens panel', () => {
  /** @type {PanelPage | undefined} */
  let p;
  // Each test closes its page itself (close() fails the test on page errors and CSP
  // violations); this only cleans up after a test that threw first.
  afterEach(async () => {
    await PanelPage.discard(p);
    p = undefined;
  });

  it('says ready, then pools a 5×5 matrix 1..25 with k2 s2 into [[7, 9], [17, 19]]', async () => {
    p = await PanelPage.open();
    const ready = await p.posted('ready');
    assert.equal(ready.length, 1);
    const r = await p.load(M5);
    assert.deepEqual(r.input, [5, 5]);
    assert.deepEqual(r.output, [2, 2]);
    assert.deepEqual(r.outputSample, [7, 9, 17, 19]);
    assert.equal(r.error, null);
    assert.match(await p.text('.pl-pane-input .pl-pane-stats'), /min 1 · max 25 · mean 13/);
    assert.match(await p.text('.pl-pane-output .pl-pane-stats'), /min 7 · max 19 · mean 13/);
    assert.match(await p.text('.pl-pane-output .pl-pane-shape'), /^2 × 2/);
    assert.match(await p.text('.pl-pane-output .pl-formula'), /floor\(\(5 \+ 0 \+ 0 − 1·\(2 − 1\) − 1\) \/ 2\) \+ 1 = 2/);
    // Both grids are painted with the data's colours, not left blank.
    const a = await p.pixel('input', 0, 0);
    const b = await p.pixel('input', 4, 4);
    assert.ok(!sameColor(a, b, 10), `input corners should differ in colour: ${a} vs ${b}`);
    await p.close();
    p = undefined;
  });

  it('links an output cell to its window: highlight, winner and max(…) arithmetic', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    const outside = await p.pixel('input', 3, 0);
    const before = await p.pixel('input', 2, 2);
    await p.hover('output', 1, 1);
    const e = await p.explain();
    assert.equal(e.head, 'Output [1, 1] = 19');
    assert.equal(e.math, 'max(13, 14, 18, 19) = 19');
    assert.match(e.note, /Window: rows 2–3 × cols 2–3/);
    const after = await p.pixel('input', 2, 2);
    assert.ok(!sameColor(before, after, 6), `window cell (2,2) should be tinted: ${before} → ${after}`);
    assert.ok(sameColor(outside, await p.pixel('input', 3, 0), 1), 'a cell outside the window stays as it was');
    await p.hover('output', 0, 0);
    assert.equal((await p.explain()).math, 'max(1, 2, 6, 7) = 7');
    await p.close();
    p = undefined;
  });

  it('links an input cell to every output it feeds', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.type('Kernel H', 3);
    await p.type('Kernel W', 3);
    await p.type('Stride H', 1);
    await p.type('Stride W', 1);
    const r = await p.lastRendered();
    assert.deepEqual(r.output, [3, 3]);
    const plain = await p.pixel('output', 2, 2);
    await p.hover('input', 2, 2);
    let e = await p.explain();
    assert.equal(e.head, 'Input [2, 2] = 13');
    assert.match(e.math, /^feeds 9 outputs: \[0, 0\], \[0, 1\]/);
    assert.ok(!sameColor(plain, await p.pixel('output', 2, 2), 6), 'fed output (2,2) is highlighted');
    await p.hover('input', 0, 4);
    e = await p.explain();
    assert.equal(e.math, 'feeds output [0, 2]');
    assert.ok(sameColor(plain, await p.pixel('output', 2, 2), 1), 'output (2,2) is not fed by input (0,4)');
    await p.close();
    p = undefined;
  });

  it('moves the selection with the arrow keys and announces it', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.click('output', 0, 0);
    const focused = await p.page.evaluate(() => document.activeElement?.closest('.pl-pane')?.getAttribute('aria-label'));
    assert.equal(focused, 'Output');
    await p.page.mouse.move(5, 5);
    await p.page.keyboard.press('ArrowRight');
    await p.nextFrame();
    let e = await p.explain();
    assert.equal(e.head, 'Output [0, 1] = 9');
    assert.match(e.live, /Output \[0, 1\] = 9\. max\(3, 4, 8, 9\) = 9/);
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('ArrowDown'); // clamped at the last row
    await p.nextFrame();
    e = await p.explain();
    assert.equal(e.head, 'Output [1, 1] = 19');
    const label = await p.page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    assert.match(label, /Selected \[1, 1\]/);
    // Tab reaches the parameter controls: every control is keyboard-accessible.
    await p.page.getByLabel('Mode', { exact: true }).focus();
    await p.page.keyboard.press('Tab');
    const next = await p.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName);
    assert.ok(next, 'focus moved to another control');
    await p.close();
    p = undefined;
  });

  it('steps the window across the output with the player', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.page.getByRole('button', { name: 'Next output cell' }).click();
    assert.equal((await p.explain()).head, 'Output [0, 0] = 7');
    await p.page.getByRole('button', { name: 'Next output cell' }).click();
    assert.equal((await p.explain()).head, 'Output [0, 1] = 9');
    await p.page.getByRole('button', { name: 'Previous output cell' }).click();
    await p.page.getByRole('button', { name: 'Previous output cell' }).click();
    assert.equal((await p.explain()).head, 'Output [1, 1] = 19', 'wraps around');
    await p.page.getByRole('button', { name: /^Play/ }).click();
    await p.page.waitForFunction(() => document.querySelector('.pl-explain-head')?.textContent?.startsWith('Output [0, 1]'), null, { timeout: 5000 });
    await p.page.getByRole('button', { name: 'Pause' }).click();
    await p.close();
    p = undefined;
  });

  it('flags invalid parameters at the control, keeps the last output, and recovers', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    const good = await p.pixel('output', 0, 0);
    let since = await p.postedCount();
    await p.type('Stride H', 0);
    let r = await p.renderedAfter(since);
    assert.ok(r.error && /stride/i.test(r.error), `error names the stride: ${r.error}`);
    assert.deepEqual(r.outputSample, [7, 9, 17, 19], 'the last good output is kept');
    const f = await p.field('stride');
    assert.equal(f.invalid, true);
    assert.ok(f.describedBy, 'the control points at its message');
    assert.match(f.message, /stride/i);
    assert.equal((await p.field('kernel')).invalid, false, 'only the stride is flagged');
    assert.ok(sameColor(good, await p.pixel('output', 0, 0), 40), 'the output grid still shows the last output');
    // Text that is not a whole number is caught before the core, at its control.
    since = await p.postedCount();
    await p.type('Kernel W', '2.5');
    r = await p.renderedAfter(since);
    assert.match((await p.field('kernel')).message, /Kernel W: “2\.5” is not a whole number/);
    assert.deepEqual(r.outputSample, [7, 9, 17, 19]);
    await p.type('Padding W', 'x');
    assert.match((await p.lastRendered()).error, /Padding W/);
    assert.equal((await p.field('padding')).invalid, true);
    await p.type('Padding W', '0');
    // Padding over half the kernel: the core's message at the padding control.
    await p.type('Kernel W', 2);
    await p.type('Stride H', 2);
    since = await p.postedCount();
    await p.type('Padding H', 2);
    r = await p.renderedAfter(since);
    assert.match((await p.field('padding')).message, /half/);
    since = await p.postedCount();
    await p.type('Padding H', 0);
    r = await p.renderedAfter(since);
    assert.equal(r.error, null);
    assert.equal((await p.field('padding')).invalid, false);
    assert.equal((await p.field('stride')).invalid, false);
    assert.deepEqual(r.outputSample, [7, 9, 17, 19]);
    await p.close();
    p = undefined;
  });

  it('shows padding beyond the edge and the divisor rules for a padded average', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.type('Kernel H', 3);
    await p.type('Kernel W', 3);
    await p.type('Stride H', 2);
    await p.type('Stride W', 2);
    await p.type('Padding W', 1);
    await p.type('Padding H', 1);
    const r = await p.lastRendered();
    assert.deepEqual(r.output, [3, 3]);
    assert.deepEqual(r.outputSample, [7, 9, 10, 17, 19, 20, 22, 24, 25]);
    const padBefore = await p.cellPixels('input', -1, -1);
    const farBefore = await p.cellPixels('input', -1, 3);
    await p.hover('output', 0, 0);
    let e = await p.explain();
    assert.equal(e.math, 'max(1, 2, 6, 7) = 7');
    assert.match(e.note, /5 padding cells are ignored/);
    // The padding cell up-left of (0, 0), outside the array, is drawn as part of the window;
    // the cell above (0, 3) is not in this window and stays as it was.
    assert.ok(changedFraction(padBefore, await p.cellPixels('input', -1, -1)) > 0.2, 'padding cell (-1, -1) drawn');
    assert.ok(changedFraction(farBefore, await p.cellPixels('input', -1, 3)) < 0.02, 'cell (-1, 3) untouched');
    await p.choose('Mode', 'avg');
    await p.lastRendered();
    await p.hover('output', 1, 1);
    await p.hover('output', 0, 0);
    e = await p.explain();
    assert.equal(e.math, '(0+0+0+0+1+2+0+6+7)/9 = 1.778');
    assert.match(e.note, /count_include_pad: 5 padding cells count as 0/);
    await p.page.getByLabel('Count padding (count_include_pad)').uncheck();
    await p.nextFrame();
    await p.hover('output', 1, 1);
    await p.hover('output', 0, 0);
    assert.equal((await p.explain()).math, '(1+2+6+7)/4 = 4');
    await p.type('Divisor override', 3);
    await p.nextFrame();
    await p.hover('output', 1, 1);
    await p.hover('output', 0, 0);
    e = await p.explain();
    assert.equal(e.math, '(0+0+0+0+1+2+0+6+7)/3 = 5.333');
    assert.match(e.note, /divisor_override = 3/);
    await p.close();
    p = undefined;
  });

  it('leaves dilation gaps in the highlighted window', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.type('Stride H', 1);
    await p.type('Stride W', 1);
    await p.type('Dilation H', 2);
    await p.type('Dilation W', 2);
    const r = await p.lastRendered();
    assert.deepEqual(r.output, [3, 3]);
    assert.deepEqual(r.outputSample, [13, 14, 15, 18, 19, 20, 23, 24, 25]);
    const gapBefore = await p.pixel('input', 0, 1);
    const tapBefore = await p.pixel('input', 0, 2);
    await p.hover('output', 0, 0);
    assert.equal((await p.explain()).math, 'max(1, 3, 11, 13) = 13');
    assert.ok(sameColor(gapBefore, await p.pixel('input', 0, 1), 1), 'the gap (0,1) is not highlighted');
    assert.ok(!sameColor(tapBefore, await p.pixel('input', 0, 2), 6), 'the tap (0,2) is highlighted');
    await p.close();
    p = undefined;
  });

  it('switches conventions and applies their defaults', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    let since = await p.postedCount();
    await p.choose('Convention', 'onnx');
    let r = await p.renderedAfter(since);
    // ONNX strides default to 1: 4×4 outputs.
    assert.deepEqual(r.output, [4, 4]);
    assert.match(await p.text('.pl-field[data-param="convention"] .pl-field-hint'), /strides 1/);
    assert.equal(await p.page.getByLabel('Stride H', { exact: true }).getAttribute('placeholder'), '1');
    since = await p.postedCount();
    await p.choose('Convention', 'keras');
    r = await p.renderedAfter(since);
    assert.deepEqual(r.output, [2, 2]);
    assert.equal(await p.page.getByLabel('Padding mode').inputValue(), 'valid');
    since = await p.postedCount();
    await p.choose('Padding mode', 'same');
    r = await p.renderedAfter(since);
    assert.deepEqual(r.output, [3, 3]);
    assert.deepEqual(r.outputSample, [7, 9, 10, 17, 19, 20, 22, 24, 25]);
    assert.match(await p.text('.pl-pane-output .pl-formula'), /ceil\(5 \/ 2\) = 3/);
    since = await p.postedCount();
    await p.choose('Convention', 'pytorch');
    r = await p.renderedAfter(since);
    assert.deepEqual(r.outputSample, [7, 9, 17, 19]);
    await p.close();
    p = undefined;
  });

  it('shows an RGB image as a picture and pools it into a picture', async () => {
    p = await PanelPage.open();
    const r = await p.load({
      shape: [3, 64, 96],
      fill: 'image',
      fileName: 'photo.png',
      dtype: 'uint8',
      image: { width: 96, height: 64, channels: 3, bitDepth: 8 },
    });
    assert.deepEqual(r.output, [3, 32, 48]);
    const picture = await p.page.getByLabel('Show as picture (RGB)').isChecked();
    assert.equal(picture, true);
    // Red grows with x, green with y: the picture shows it.
    const left = await p.pixel('input', 32, 2);
    const right = await p.pixel('input', 32, 93);
    assert.ok(right[0] > left[0] + 150, `red rises left to right: ${left} → ${right}`);
    const outRight = await p.pixel('output', 16, 46);
    assert.ok(outRight[0] > 200, `the pooled picture keeps the colours: ${outRight}`);
    assert.match(await p.text('.pl-pane-input .pl-legend'), /RGB/);
    await p.hover('output', 0, 1);
    assert.match((await p.explain()).head, /^Output \[0, 1\] \(channel 0\) = /);
    await p.close();
    p = undefined;
  });

  it('pools a 1024×1024 input', async () => {
    p = await PanelPage.open();
    const r = await p.load({ shape: [1024, 1024], fill: 'iota1' });
    assert.deepEqual(r.output, [512, 512]);
    // max of [[1, 2], [1025, 1026]] ... : output (0, j) = 1024 + 2j + 2
    assert.deepEqual(r.outputSample.slice(0, 4), [1026, 1028, 1030, 1032]);
    assert.equal(r.outputSample.length, 4096);
    // Cells are about a pixel here: select by keyboard.
    await p.page.locator('.pl-pane-output canvas.pl-canvas').focus();
    await p.page.keyboard.press('ArrowRight');
    for (let i = 0; i < 5; i++) await p.page.keyboard.press('ArrowRight');
    for (let i = 0; i < 3; i++) await p.page.keyboard.press('ArrowDown');
    await p.nextFrame();
    assert.equal((await p.explain()).head, `Output [3, 5] = ${7 * 1024 + 12}`);
    assert.equal((await p.explain()).math, `max(${6 * 1024 + 11}, ${6 * 1024 + 12}, ${7 * 1024 + 11}, ${7 * 1024 + 12}) = ${7 * 1024 + 12}`);
    await p.close();
    p = undefined;
  });

  it('chooses spatial axes and slices the others', async () => {
    p = await PanelPage.open();
    // [2, 3, 4, 4]: value = n*48 + c*16 + h*4 + w + 1
    let r = await p.load({ shape: [2, 3, 4, 4], fill: 'iota1' });
    assert.deepEqual(r.output, [2, 3, 2, 2]);
    assert.deepEqual(r.outputSample, [6, 8, 14, 16]);
    let since = await p.postedCount();
    await p.page.getByLabel('Index along axis 1').focus();
    await p.page.keyboard.press('ArrowRight');
    await p.page.keyboard.press('ArrowRight');
    r = await p.lastRendered();
    assert.deepEqual(r.outputSample, [38, 40, 46, 48]);
    // Pool over axes 1..3 (3-D): one depth slice at a time.
    since = await p.postedCount();
    await p.page.getByLabel('Axis 1 (size 3) is spatial').check();
    r = await p.renderedAfter(since);
    assert.deepEqual(r.output, [2, 1, 2, 2]);
    assert.ok(await p.page.getByLabel('Input depth slice').isVisible());
    await p.close();
    p = undefined;
  });

  it('shows a load error prominently instead of a spinner', async () => {
    p = await PanelPage.open();
    assert.ok(await p.page.locator('.pl-loading').isVisible(), 'a loading state before the data arrives');
    await p.page.evaluate(() =>
      window.__host({ type: 'loadError', fileName: 'broken.npy', message: 'broken.npy: the header says shape (3, 3) but the file holds 4 values.' }),
    );
    await p.nextFrame();
    assert.equal(await p.page.locator('.pl-loading').isVisible(), false);
    assert.equal(await p.text('.pl-error-title'), 'Pooling Lens could not open broken.npy');
    assert.match(await p.text('.pl-error-text'), /holds 4 values/);
    await p.page.getByRole('button', { name: 'Open another file…' }).click();
    assert.equal((await p.posted('openOther')).length, 1);
    await p.close();
    p = undefined;
  });

  it('rejects a malformed load with a message, and logs it to the host', async () => {
    p = await PanelPage.open();
    await p.page.evaluate(() =>
      window.__host({
        type: 'load',
        fileName: 'x.npy',
        arrayNames: ['x'],
        array: { name: 'x', dtype: 'float32', shape: [3, 3], storage: 'float32', buffer: new ArrayBuffer(8) },
        settings: {},
      }),
    );
    await p.nextFrame();
    assert.match(await p.text('.pl-error-text'), /needs 36/);
    const logs = await p.posted('log');
    assert.ok(logs.some((l) => /needs 36/.test(l.message)));
    await p.close();
    p = undefined;
  });

  it('asks the host to export and copy, and shows its replies', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.page.getByRole('button', { name: '.csv' }).click();
    const [exp] = await p.posted('export');
    assert.equal(exp.format, 'csv');
    assert.deepEqual(exp.request.kernel, [2, 2]);
    assert.deepEqual(exp.request.stride, [2, 2], 'the convention default is sent explicitly');
    assert.deepEqual(exp.request.spatialAxes, [0, 1]);
    await p.page.evaluate((id) => window.__host({ type: 'reply', requestId: id, ok: true, message: 'Saved m-pooled.csv' }), exp.requestId);
    await p.nextFrame();
    assert.equal(await p.text('.pl-status'), 'Saved m-pooled.csv');
    await p.page.getByRole('button', { name: 'Values' }).click();
    await p.page.getByRole('button', { name: 'PyTorch' }).click();
    const copies = await p.posted('copyText');
    assert.equal(copies[0].text, '7, 9\n17, 19');
    assert.match(copies[1].text, /F\.max_pool2d\(x, kernel_size=\(2, 2\), stride=\(2, 2\)/);
    // Each reply is checked as the reply to its request: one without its message still ends that request.
    await p.page.evaluate((id) => window.__host({ type: 'reply', requestId: id, ok: true }), copies[0].requestId);
    await p.nextFrame();
    assert.match(await p.text('.pl-status'), /^The reply to 'copyText' was malformed: message must be a string\.$/);
    await p.page.evaluate((id) => window.__host({ type: 'reply', requestId: id, ok: true, message: 'Copied to the clipboard.' }), copies[1].requestId);
    await p.nextFrame();
    assert.equal(await p.text('.pl-status'), 'Copied to the clipboard.');
    await p.page.getByRole('button', { name: '.png' }).click();
    const png = (await p.posted('export'))[1];
    assert.deepEqual(png.pngRange, [1, 25], 'the PNG uses the colour range shown');
    await p.close();
    p = undefined;
  });

  it('saves parameters, view and selection, and restores them', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.type('Kernel H', 3);
    await p.type('Stride H', 1);
    assert.deepEqual((await p.lastRendered()).output, [3, 2]);
    await p.click('output', 1, 0);
    assert.equal((await p.explain()).head, 'Output [1, 0] = 17');
    await p.page.waitForTimeout(400);
    const state = await p.page.evaluate(() => window.__savedState());
    assert.equal(state.version, 1);
    assert.equal(state.uri, 'file:///work/a.npy');
    assert.equal(state.arrayName, 'a');
    assert.equal(state.ui.version, 1);
    assert.deepEqual(state.ui.params.kernel, [3, 2]);
    assert.deepEqual(state.ui.params.stride, [1, 2]);
    assert.deepEqual(state.ui.selection, { grid: 'output', cell: [1, 0] });
    await p.close();
    // The webview is recreated (panel hidden and shown): getState() brings the UI back.
    p = await PanelPage.open();
    await p.page.evaluate((s) => window.__setSavedState(s), state);
    const r = await p.load(M5);
    assert.deepEqual(r.output, [3, 2]);
    await p.page.mouse.move(1, 1);
    assert.equal((await p.explain()).head, 'Output [1, 0] = 17');
    await p.close();
    // The host's restored state (`ui` in load) wins; another file's saved state is not used.
    p = await PanelPage.open();
    await p.page.evaluate((s) => window.__setSavedState({ ...s, uri: 'file:///other.npy' }), state);
    assert.deepEqual((await p.load(M5)).output, [2, 2]);
    await p.close();
    p = await PanelPage.open();
    assert.deepEqual((await p.load({ ...M5, ui: state.ui })).output, [3, 2]);
    await p.close();
    p = undefined;
  });

  it('keeps the zoom and pan of each grid in the saved state', async () => {
    p = await PanelPage.open();
    await p.load({ shape: [64, 64], fill: 'wave' });
    await p.page.getByRole('button', { name: 'Zoom in (Input)' }).click();
    await p.page.getByRole('button', { name: 'Zoom in (Input)' }).click();
    await p.page.waitForTimeout(400);
    const state = await p.page.evaluate(() => window.__savedState());
    const camera = await p.page.evaluate(() => window.__poolingLens.camera('input'));
    assert.ok(camera && camera.scale > 0, 'zoomed: no longer fitted');
    assert.deepEqual(state.ui.view.input, camera);
    assert.equal(state.ui.view.output, null, 'the output grid is still fitted');
    await p.close();
    p = await PanelPage.open();
    await p.page.evaluate((s) => window.__setSavedState(s), state);
    await p.load({ shape: [64, 64], fill: 'wave' });
    assert.deepEqual(await p.page.evaluate(() => window.__poolingLens.camera('input')), camera);
    await p.close();
    p = undefined;
  });

  it('takes parameters, notices and npz members from the host', async () => {
    p = await PanelPage.open();
    await p.load({ ...M5, arrayNames: ['a', 'b'] });
    const since = await p.postedCount();
    await p.page.evaluate(() => window.__host({ type: 'setParams', params: { mode: 'avg', ceilMode: true } }));
    const r = await p.renderedAfter(since);
    assert.deepEqual(r.output, [3, 3]);
    assert.equal(await p.page.getByLabel('Mode', { exact: true }).inputValue(), 'avg');
    await p.page.evaluate(() => window.__host({ type: 'notice', level: 'warn', message: 'm.npy was deleted or moved.' }));
    await p.nextFrame();
    assert.ok(await p.page.getByText('m.npy was deleted or moved.').isVisible());
    await p.page.getByLabel('Array in this file').selectOption('b');
    assert.deepEqual(await p.posted('selectArray'), [{ type: 'selectArray', name: 'b' }]);
    await p.close();
    p = undefined;
  });
});

describe('Pooling Lens panel: kinds, modes, layouts, themes', () => {
  /** @type {PanelPage | undefined} */
  let p;
  afterEach(async () => {
    await PanelPage.discard(p);
    p = undefined;
  });

  it('pools adaptively with PyTorch bins and links overlapping bins', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.choose('Pooling type', 'adaptive');
    await p.type('Output size H', 3);
    await p.type('Output size W', 3);
    const r = await p.lastRendered();
    assert.deepEqual(r.output, [3, 3]);
    assert.deepEqual(r.outputSample, [7, 9, 10, 17, 19, 20, 22, 24, 25]);
    assert.equal((await p.field('kernel')).visible, false, 'window controls are hidden for adaptive pooling');
    await p.hover('input', 1, 1);
    assert.match((await p.explain()).math, /^feeds 4 outputs: \[0, 0\], \[0, 1\], \[1, 0\], \[1, 1\]$/);
    await p.choose('Mode', 'avg');
    await p.hover('output', 0, 0);
    const e = await p.explain();
    assert.equal(e.math, '(1+2+6+7)/4 = 4');
    assert.match(e.note, /Adaptive bin of 4 cells/);
    await p.choose('Mode', 'min');
    // Under load the recompute can land a few frames later: wait for the message itself.
    assert.match((await p.fieldWithMessage('mode')).message, /max or avg/);
    assert.match((await p.lastRendered()).error, /Adaptive pooling is max or avg/);
    await p.close();
    p = undefined;
  });

  it('pools globally and elides the long sum', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.choose('Pooling type', 'global');
    await p.choose('Mode', 'avg');
    const r = await p.lastRendered();
    assert.deepEqual(r.output, [1, 1]);
    assert.deepEqual(r.outputSample, [13]);
    await p.hover('output', 0, 0);
    assert.match((await p.explain()).math, /^\(1\+2\+3\+4\+5\+.*\+21\+… 2 more …\+24\+25\)\/25 = 13$/);
    await p.close();
    p = undefined;
  });

  it('explains Lp pooling', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.choose('Mode', 'lp');
    assert.equal((await p.field('p')).visible, true);
    await p.hover('output', 0, 0);
    assert.equal((await p.explain()).math, '(1^2+2^2+6^2+7^2)^(1/2) = 9.487');
    await p.type('p, the norm', 'inf');
    await p.hover('output', 1, 1);
    await p.hover('output', 0, 0);
    assert.equal((await p.explain()).math, 'max(|1|, |2|, |6|, |7|) = 7');
    await p.close();
    p = undefined;
  });

  it('pools 3-D, one depth slice at a time', async () => {
    p = await PanelPage.open();
    // [4, 4, 4]: value = d*16 + h*4 + w + 1
    await p.load({ shape: [4, 4, 4], fill: 'iota1' });
    await p.page.getByLabel('Axis 0 (size 4) is spatial').check();
    const r = await p.lastRendered();
    assert.deepEqual(r.output, [2, 2, 2]);
    assert.deepEqual(r.outputSample, [22, 24, 30, 32, 54, 56, 62, 64]);
    await p.hover('output', 0, 0);
    assert.equal((await p.explain()).math, 'max(1, 2, 5, 6, 17, 18, 21, 22) = 22');
    await p.page.getByLabel('Output depth slice').focus();
    await p.page.keyboard.press('ArrowRight');
    await p.nextFrame();
    await p.hover('output', 1, 1);
    await p.hover('output', 0, 0);
    const e = await p.explain();
    assert.equal(e.head, 'Output [1, 0, 0] = 54');
    assert.match(e.note, /depth 2–3/);
    await p.close();
    p = undefined;
  });

  it('handles channels-last arrays and the picture toggle', async () => {
    p = await PanelPage.open();
    // [16, 16, 3]: red = 16·h, green = 16·w, blue = 0
    const values = [];
    for (let h = 0; h < 16; h++) for (let w = 0; w < 16; w++) values.push(16 * h, 16 * w, 0);
    let r = await p.load({ shape: [16, 16, 3], values });
    assert.deepEqual(r.output, [8, 8, 3]);
    assert.deepEqual(r.outputSample.slice(0, 3), [16, 16, 16], 'channel 0 (red) pooled over H and W');
    assert.equal(await p.page.getByLabel('Channels last (H, W, C)').isChecked(), true);
    assert.equal(await p.page.getByLabel('Show as picture (RGB)').isChecked(), false);
    await p.page.getByLabel('Show as picture (RGB)').check();
    r = await p.lastRendered();
    assert.deepEqual(r.output, [8, 8, 3]);
    const px = await p.pixel('input', 12, 2);
    assert.ok(px[0] > 150 && px[1] < 60 && px[2] < 10, `red where h is large and w small: ${px}`);
    await p.page.getByLabel('Channels last (H, W, C)').uncheck();
    r = await p.lastRendered();
    assert.deepEqual(r.output, [16, 8, 1]);
    await p.close();
    p = undefined;
  });

  it('applies the decimals and colormap settings', async () => {
    p = await PanelPage.open();
    await p.load({ shape: [4, 4], values: Array.from({ length: 16 }, (_, i) => i / 3 - 2) });
    assert.match(await p.text('.pl-pane-input .pl-pane-stats'), /min −2 · max 3 · mean 0.5/);
    assert.match(await p.text('.pl-pane-input .pl-legend'), /diverging/, 'signed data gets the diverging map');
    await p.type('Decimals shown', 1);
    await p.nextFrame();
    await p.hover('output', 0, 0);
    assert.equal((await p.explain()).math, 'max(−2, −1.7, −0.7, −0.3) = −0.3');
    await p.choose('Colormap', 'gray');
    await p.nextFrame();
    const px = await p.pixel('input', 2, 2);
    assert.ok(px[0] === px[1] && px[1] === px[2], `grey: ${px}`);
    await p.close();
    p = undefined;
  });

  it('follows a theme change', async () => {
    p = await PanelPage.open({ theme: 'dark' });
    await p.load(M5);
    const corner = () =>
      p.page.evaluate(() => Array.from(document.querySelector('.pl-pane-input canvas.pl-canvas').getContext('2d').getImageData(2, 2, 1, 1).data));
    assert.deepEqual((await corner()).slice(0, 3), [0x1f, 0x1f, 0x1f], 'Dark Modern editor background');
    await p.page.evaluate(() => document.body.classList.replace('vscode-dark', 'vscode-light'));
    await p.nextFrame();
    assert.deepEqual((await corner()).slice(0, 3), [255, 255, 255]);
    await p.page.evaluate(() => document.body.classList.replace('vscode-light', 'vscode-high-contrast'));
    await p.nextFrame();
    assert.deepEqual((await corner()).slice(0, 3), [0, 0, 0], 'Dark High Contrast');
    await p.close();
    p = undefined;
  });

  it('stacks the grids in a narrow panel', async () => {
    p = await PanelPage.open({ width: 500, height: 900 });
    await p.load(M5);
    const a = await p.page.locator('.pl-pane-input').boundingBox();
    const b = await p.page.locator('.pl-pane-output').boundingBox();
    assert.ok(b.y >= a.y + a.height - 1, `output below input: ${JSON.stringify([a, b])}`);
    assert.ok(a.height > 200 && b.height > 200, 'both grids keep a usable height');
    await p.close();
    p = undefined;
  });
});

describe('Pooling Lens panel: edge cases', () => {
  it('pools a 1-D array (the tutorial’s 1..10, k2 s1) on one row', async () => {
    const p = await PanelPage.open();
    try {
      await p.load({ shape: [10], fill: 'iota1', fileName: 'tutorial-1d.csv' });
      await p.type('Stride L', 1);
      const r = await p.lastRendered();
      assert.deepEqual(r.output, [9]);
      assert.deepEqual(r.outputSample, [2, 3, 4, 5, 6, 7, 8, 9, 10]);
      await p.hover('output', 0, 3);
      assert.equal((await p.explain()).math, 'max(4, 5) = 5');
      assert.equal(await p.page.locator('.pl-dims').isVisible(), false, 'no dimension choices for a 1-D array');
      await p.close();
    } finally {
      await PanelPage.discard(p);
    }
  });

  it('explains an empty array and a scalar instead of failing', async () => {
    const p = await PanelPage.open();
    try {
      const r = await p.load({ shape: [0, 4], fill: 'iota1' });
      assert.equal(r.output, null);
      assert.match(r.error, /empty/);
      assert.match(await p.text('.pl-general-error'), /empty/, 'a problem that is no one control\u2019s is shown under the form');
      await p.page.evaluate(() =>
        window.__host({
          type: 'load',
          fileName: 's.npy',
          uri: 'file:///s.npy',
          arrayNames: ['s'],
          array: { name: 's', dtype: 'float64', shape: [], storage: 'float64', buffer: new ArrayBuffer(8) },
          settings: {},
        }),
      );
      await p.nextFrame();
      assert.match(await p.text('.pl-error-text'), /nothing to pool/);
      await p.close();
    } finally {
      await PanelPage.discard(p);
    }
  });
});
