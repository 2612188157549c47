// Screenshots for the README, in VS Code's Dark+ and Light+ colours: a small matrix
// with a window highlighted (padding and the max's winner visible) and a photo pooled
// into a picture. Saved to media/screenshots/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PanelPage, run } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** samples/photo.jpg as the host sends images: [3, H, W] float32 in 0..255. */
function photo() {
  const { width, height, data } = jpeg.decode(readFileSync(path.join(root, 'samples/photo.jpg')), { useTArray: true });
  const values = new Array(3 * width * height);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 3; c++) values[c * width * height + i] = data[i * 4 + c];
  return { width, height, values };
}

// A 6×6 feature map with small integers, so every value fits its cell.
const MATRIX = [
  [3, 1, 4, 1, 5, 9],
  [2, 6, 5, 3, 5, 8],
  [9, 7, 9, 3, 2, 3],
  [8, 4, 6, 2, 6, 4],
  [3, 3, 8, 3, 2, 7],
  [9, 5, 0, 2, 8, 8],
].flat();

describe('Screenshots', () => {
  for (const theme of ['dark', 'light']) {
    it(`panel-matrix-${theme}.png: a window with padding and its winner`, async () => {
      const p = await PanelPage.open({ theme, width: 1280, height: 760 });
      try {
        await p.load({ shape: [6, 6], values: MATRIX, fileName: 'feature-map.npy', dtype: 'int32' });
        await p.type('Kernel H', 3);
        await p.type('Kernel W', 3);
        await p.type('Stride H', 2);
        await p.type('Stride W', 2);
        await p.type('Padding H', 1);
        await p.type('Padding W', 1);
        const r = await p.lastRendered();
        assert.deepEqual(r.output, [3, 3]);
        await p.click('output', 0, 1);
        await p.page.mouse.move(1, 1);
        await p.nextFrame();
        assert.equal((await p.explain()).math, 'max(1, 4, 1, 6, 5, 3) = 6');
        await p.page.screenshot({ path: path.join(run.screenshotDir, `panel-matrix-${theme}.png`) });
        await p.close();
      } finally {
        await PanelPage.discard(p);
      }
    });

    it(`panel-image-${theme}.png: a photo pooled into a picture`, async () => {
      const p = await PanelPage.open({ theme, width: 1280, height: 760 });
      try {
        const { width, height, values } = photo();
        const r = await p.load({
          shape: [3, height, width],
          values,
          fileName: 'photo.jpg',
          dtype: 'uint8',
          image: { width, height, channels: 3, bitDepth: 8 },
        });
        await p.type('Kernel H', 4);
        await p.type('Kernel W', 4);
        const r2 = await p.lastRendered();
        assert.deepEqual(r.output, [3, height / 2, width / 2]);
        assert.deepEqual(r2.output, [3, height / 4, width / 4]);
        // No text cursor or spinner in the picture.
        await p.page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
        await p.hover('output', 12, 40);
        await p.page.screenshot({ path: path.join(run.screenshotDir, `panel-image-${theme}.png`) });
        await p.close();
      } finally {
        await PanelPage.discard(p);
      }
    });
  }
});
