// Smaller things a newcomer hit in the panel (issue 10 §6): the padding-mode dropdown cut
// off, a cryptic padding hint, an error in one axis flagging both, Home/End on the grids,
// the channel missing from the arithmetic and from "Copy values", the output dtype rule,
// and avg with dilation under PyTorch computed without a word.
import assert from 'node:assert/strict';
import { PanelPage } from './harness.mjs';

const M5 = { shape: [5, 5], fill: 'iota1', fileName: 'm.npy' };
const RGB = { shape: [3, 8, 12], fill: 'image', fileName: 'photo.png', dtype: 'uint8', image: { width: 12, height: 8, channels: 3, bitDepth: 8 } };

/** aria-invalid of each input of a per-axis field, by its label. */
async function invalidInputs(p, labels) {
  const out = {};
  for (const l of labels) out[l] = (await p.page.getByLabel(l, { exact: true }).getAttribute('aria-invalid')) === 'true';
  return out;
}

describe('Pooling Lens panel: what a newcomer hit', () => {
  /** @type {PanelPage | undefined} */
  let p;
  afterEach(async () => {
    await PanelPage.discard(p);
    p = undefined;
  });

  it('shows every padding mode in full, and says plainly what the padding fields take', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.choose('Convention', 'keras');
    const cut = await p.page.evaluate(() => {
      const s = document.querySelector('select[aria-label="Padding mode"]');
      const cs = getComputedStyle(s);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      // Room for text: the box less its padding, border and the dropdown arrow (about 20px).
      const room = s.getBoundingClientRect().width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 2 - 20;
      return [...s.options]
        .filter((o) => ctx.measureText(o.text).width > room)
        .map((o) => `${o.text} (${Math.round(ctx.measureText(o.text).width)} > ${Math.round(room)} px)`);
    });
    assert.deepEqual(cut, [], 'no option is cut off');
    assert.match(await p.text('.pl-field[data-param="padding"] .pl-field-hint'), /One number pads both sides; two, such as 0,1, pad before and after/);
    await p.choose('Convention', 'pytorch');
    await p.type('Padding W', '1,2,3');
    assert.match((await p.fieldWithMessage('padding')).message, /Padding W: enter one number for both sides, or two \(before, after\) such as 0,1/);
    await p.close();
    p = undefined;
  });

  it('flags only the axis at fault: an error in Kernel H leaves Kernel W alone', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.type('Kernel H', '2.5');
    await p.fieldWithMessage('kernel');
    assert.deepEqual(await invalidInputs(p, ['Kernel H', 'Kernel W']), { 'Kernel H': true, 'Kernel W': false });
    await p.type('Kernel H', '2');
    await p.type('Stride W', '0');
    await p.fieldWithMessage('stride');
    assert.deepEqual(
      await invalidInputs(p, ['Stride H', 'Stride W']),
      { 'Stride H': false, 'Stride W': true },
      'a core error naming stride[1] flags Stride W only',
    );
    await p.type('Stride W', '');
    // The core names padding[0]: only Padding H is flagged.
    await p.type('Padding H', '2');
    assert.match((await p.fieldWithMessage('padding')).message, /padding\[0\]/);
    assert.deepEqual(await invalidInputs(p, ['Padding H', 'Padding W']), { 'Padding H': true, 'Padding W': false });
    await p.close();
    p = undefined;
  });

  it('Home and End move to the first and last column, with Ctrl to the first and last cell', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.type('Stride H', 1);
    await p.type('Stride W', 1);
    assert.deepEqual((await p.lastRendered()).output, [4, 4]);
    await p.click('output', 1, 1);
    await p.page.mouse.move(1, 1);
    const head = async (key) => {
      await p.page.keyboard.press(key);
      await p.nextFrame();
      return (await p.explain()).head;
    };
    assert.match(await head('End'), /^Output \[1, 3\] = /);
    assert.match(await head('Home'), /^Output \[1, 0\] = /);
    assert.match(await head('Control+End'), /^Output \[3, 3\] = 25$/);
    assert.match(await head('Control+Home'), /^Output \[0, 0\] = 7$/);
    assert.match(await p.page.locator('.pl-pane-output canvas.pl-canvas').getAttribute('aria-label'), /Home and End/);
    await p.close();
    p = undefined;
  });

  it('names the channel in the arithmetic and when copying values of a multi-channel image', async () => {
    p = await PanelPage.open();
    await p.load(RGB);
    // One channel shown as numbers (picture off): the head says which.
    await p.page.getByLabel('Show as picture (RGB)').uncheck();
    await p.lastRendered();
    await p.page.getByLabel('Index along axis 0').focus();
    await p.page.keyboard.press('ArrowRight');
    await p.lastRendered();
    await p.hover('output', 1, 1);
    assert.match((await p.explain()).head, /^Output \[1, 1\] \(channel 1\) = /);
    await p.page.getByRole('button', { name: 'Values' }).click();
    const [copy] = await p.posted('copyText');
    assert.equal(copy.text.split('\n').length, 4, 'one channel: 4 rows of the 4×6 output');
    assert.match(await p.text('.pl-status'), /Copying values of channel 1 of 3/);
    await p.page.evaluate((id) => window.__host({ type: 'reply', requestId: id, ok: true, message: 'Copied to the clipboard.' }), copy.requestId);
    await p.nextFrame();
    assert.equal(await p.text('.pl-status'), 'Copied to the clipboard. Values of channel 1 of 3 only (the one shown).');
    // A single plane says nothing extra.
    await p.close();
    p = await PanelPage.open();
    await p.load(M5);
    await p.page.getByRole('button', { name: 'Values' }).click();
    const [plain] = await p.posted('copyText');
    await p.page.evaluate((id) => window.__host({ type: 'reply', requestId: id, ok: true, message: 'Copied to the clipboard.' }), plain.requestId);
    await p.nextFrame();
    assert.equal(await p.text('.pl-status'), 'Copied to the clipboard.');
    assert.doesNotMatch((await p.explain()).head, /channel/);
    await p.close();
    p = undefined;
  });

  it('shows the dtype pooled in next to the input’s, with the one rule', async () => {
    p = await PanelPage.open();
    await p.load(RGB);
    const shape = p.page.locator('.pl-pane-output .pl-pane-shape');
    assert.match(await shape.textContent(), /^4 × 6 · uint8 → float32$/);
    assert.match(await shape.getAttribute('title'), /Pooled in float32 when every input value is exact in float32 .* otherwise in float64/);
    await p.close();
    p = await PanelPage.open();
    await p.load(M5); // float32 input: nothing to convert
    assert.match(await p.text('.pl-pane-output .pl-pane-shape'), /^2 × 2 · float32$/);
    await p.close();
    p = undefined;
  });

  it('says at the Dilation control that PyTorch has no dilated average, and still computes it', async () => {
    p = await PanelPage.open();
    await p.load(M5);
    await p.choose('Mode', 'avg');
    await p.type('Stride H', 1);
    await p.type('Stride W', 1);
    await p.type('Dilation H', 2);
    const r = await p.lastRendered();
    assert.equal(r.error, null, 'computed all the same');
    assert.deepEqual(r.output, [3, 4]);
    const note = () => p.text('.pl-field[data-param="dilation"] .pl-field-note');
    assert.match(await note(), /PyTorch cannot express dilation for avg pooling\. Computed here all the same; copying it as PyTorch code is refused\./);
    assert.equal((await p.field('dilation')).invalid, false, 'a note, not an error');
    await p.choose('Mode', 'max');
    await p.lastRendered();
    assert.equal(await p.page.locator('.pl-field[data-param="dilation"] .pl-field-note').isVisible(), false, 'max pooling has dilation in PyTorch');
    await p.close();
    p = undefined;
  });
});
