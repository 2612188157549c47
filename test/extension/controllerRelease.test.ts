// A panel over a file (PanelHost.rereadable) does not hold the array's values once the webview
// has them: it reads the file again for what needs them (export, another member, a reloaded
// webview). Other sources (a debugger value, a literal) keep theirs: reading again could differ.
import { describe, expect, it } from 'vitest';
import { PanelController } from '../../src/extension/panel/controller';
import type { PanelInit } from '../../src/extension/panel/controller';
import { readArrays } from '../../src/io';
import type { LoadedArray } from '../../src/io';
import type { HostMessage } from '../../src/protocol';
import { fakePanelHost, grid } from './fakeHost';
import { maxRequest } from './requests';

const init: PanelInit = { fileName: 'm.npz', uri: 'file:///w/m.npz', reason: 'open' };
const loads = (posted: HostMessage[]) => posted.filter((m): m is Extract<HostMessage, { type: 'load' }> => m.type === 'load');
const valuesOf = (m: Extract<HostMessage, { type: 'load' }>) =>
  Array.from(new Float64Array(m.array.buffer, m.array.byteOffset, m.array.shape[0]! * m.array.shape[1]!));

/** A fake host whose every read returns fresh arrays, remembering the last so a test can see what the controller kept. */
function fileHost(rereadable: boolean) {
  const reads: LoadedArray[][] = [];
  const f = fakePanelHost({
    load: async () => {
      const arrays = [grid('a', 4), grid('b', 2)];
      reads.push(arrays);
      return arrays;
    },
    over: { rereadable },
  });
  return { ...f, reads };
}

describe('a panel over a file drops the values after posting them', () => {
  it('posts the values intact, then reads the file again to export', async () => {
    const f = fileHost(true);
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'ready' });
    const [first] = loads(f.posted);
    expect(valuesOf(first!)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(f.reads).toHaveLength(1);
    await c.handleMessage({ type: 'export', requestId: 1, format: 'npy', request: maxRequest() });
    expect(f.reads).toHaveLength(2);
    const [out] = await readArrays(f.written[0]!.bytes, 'out.npy');
    expect(Array.from(out!.array.data)).toEqual([6, 8, 14, 16]);
    // The status bar and member list still know the arrays without their values.
    expect(c.snapshot()).toMatchObject({ loaded: true, arrayName: 'a' });
  });

  it('reads again for another member and for a reloaded webview, and drops again after each', async () => {
    const f = fileHost(true);
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'ready' });
    await c.handleMessage({ type: 'selectArray', name: 'b' });
    await c.handleMessage({ type: 'ready' });
    expect(f.reads).toHaveLength(3);
    expect(loads(f.posted).map((m) => [m.array.name, m.reason, valuesOf(m).length])).toEqual([
      ['a', 'open', 16],
      ['b', 'select', 4],
      ['b', 'reload', 4],
    ]);
  });

  it('a failed re-read keeps the panel as it is and says why', async () => {
    const f = fileHost(true);
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'ready' });
    f.setLoad(() => Promise.reject(new Error('m.npz was deleted.')));
    await c.handleMessage({ type: 'export', requestId: 2, format: 'npy', request: maxRequest() });
    expect(f.posted.at(-1)).toMatchObject({ type: 'reply', requestId: 2, ok: false });
    expect(f.warnings.at(-1)).toMatch(/^m\.npz was deleted\. The panel keeps showing/);
    expect(c.snapshot().loaded).toBe(true);
  });

  it('a source that cannot be read the same way again keeps its values', async () => {
    const f = fileHost(false);
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'ready' });
    await c.handleMessage({ type: 'export', requestId: 1, format: 'npy', request: maxRequest() });
    await c.handleMessage({ type: 'selectArray', name: 'b' });
    expect(f.reads).toHaveLength(1);
  });
});
