import { describe, expect, it } from 'vitest';
import { ReadAbandoned, readArrays, ReadError } from '../../src/io';
import type { LoadedArray } from '../../src/io';
import type { HostMessage } from '../../src/protocol';
import { maxRequest as makeMaxRequest } from './requests';
import { MAX_COPY_CHARS, PanelController } from '../../src/extension/panel/controller';
import { loadArrays, MB } from '../../src/extension/panel/load';
import { SourcePending } from '../../src/extension/panel/source';
import type { PanelHost, PanelInit } from '../../src/extension/panel/controller';
import { fakePanelHost, grid } from './fakeHost';

type Load = Extract<HostMessage, { type: 'load' }>;
type Reply = Extract<HostMessage, { type: 'reply' }>;

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const maxRequest = makeMaxRequest();

/** The shared fake host, with the names these tests use (bytes written, the dialog's suggested names). */
function fake(over: Partial<PanelHost> = {}) {
  const f = fakePanelHost({ over, saveLabel: 'm.pooled.npy' });
  return {
    host: f.host,
    posted: f.posted,
    logs: f.logs,
    errors: f.errors,
    warnings: f.warnings,
    saveNames: f.dialogs,
    clipboard: f.clipboard,
    announced: f.announced,
    get written() {
      return f.written.map((w) => w.bytes);
    },
    get changed() {
      return f.changed;
    },
    get openOther() {
      return f.openOther;
    },
    setLoad: f.setLoad,
    setSave: f.setSave,
  };
}

const init: PanelInit = { fileName: 'm.csv', uri: 'file:///w/m.csv', reason: 'open' };
const of = <T extends HostMessage['type']>(posted: HostMessage[], type: T) => posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);

describe('ready handshake', () => {
  it('posts nothing before ready, then the data once ready', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.start();
    expect(f.posted).toEqual([]);
    await c.handleMessage({ type: 'ready' });
    const [load] = of(f.posted, 'load');
    expect(load).toMatchObject({ fileName: 'm.csv', uri: 'file:///w/m.csv', arrayNames: ['m.csv'], reason: 'open' });
    expect(load!.array.shape).toEqual([5, 5]);
    expect(load!.array.storage).toBe('float64');
    expect(Array.from(new Float64Array(load!.array.buffer))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(load!.settings).toEqual({ colormap: 'viridis', decimals: 3, convention: 'pytorch' });
  });

  it('posts the data when the read finishes after ready', async () => {
    const f = fake();
    const d = deferred<LoadedArray[]>();
    f.setLoad(() => d.promise);
    const c = new PanelController(f.host, init);
    const started = c.start();
    await c.handleMessage({ type: 'ready' });
    expect(f.posted).toEqual([]);
    expect(c.snapshot()).toMatchObject({ ready: true, loaded: false, loadError: undefined });
    d.resolve([grid()]);
    await started;
    expect(of(f.posted, 'load')).toHaveLength(1);
  });

  it('sends the data again when the webview reloads (ready again), restored UI only the first time', async () => {
    const f = fake();
    const c = new PanelController(f.host, { ...init, reason: 'restore', ui: { zoom: 3 } });
    await c.start();
    await c.handleMessage({ type: 'ready' });
    await c.handleMessage({ type: 'ready' });
    const loads = of(f.posted, 'load');
    expect(loads.map((l) => [l.reason, l.ui])).toEqual([
      ['restore', { zoom: 3 }],
      ['reload', undefined],
    ]);
  });
});

describe('load errors', () => {
  it('shows a failed read as an error message and a loadError in the panel, never a spinner', async () => {
    const f = fake();
    f.setLoad(async () => Promise.reject(new Error('Could not load bad.npy: bad magic')));
    const c = new PanelController(f.host, { ...init, fileName: 'bad.npy', uri: 'file:///w/bad.npy' });
    await c.start();
    expect(f.errors).toEqual(['Could not load bad.npy: bad magic']);
    expect(f.logs.some((l) => l.level === 'error' && l.message.includes('bad magic'))).toBe(true);
    await c.handleMessage({ type: 'ready' });
    expect(f.posted).toEqual([{ type: 'loadError', fileName: 'bad.npy', message: 'Could not load bad.npy: bad magic', uri: 'file:///w/bad.npy' }]);
    expect(c.snapshot().loadError).toBe('Could not load bad.npy: bad magic');
  });

  it('a source that has no data yet (SourcePending) is a wait, not an error: no notification, info log, then its data when it reports a change', async () => {
    const f = fake();
    let ready = false;
    f.setLoad(async () => (ready ? [grid()] : Promise.reject(new SourcePending('Waiting for the debugger: x is read at the next stop.'))));
    const c = new PanelController(f.host, { ...init, fileName: 'x', uri: 'pooling-lens:debug?expr=x', reason: 'restore' });
    await c.start();
    await c.handleMessage({ type: 'ready' });
    expect(f.errors).toEqual([]);
    expect(f.logs.some((l) => l.level === 'error')).toBe(false);
    expect(f.logs.some((l) => l.level === 'info' && l.message === 'x: Waiting for the debugger: x is read at the next stop.')).toBe(true);
    expect(f.posted).toEqual([
      { type: 'loadError', fileName: 'x', message: 'Waiting for the debugger: x is read at the next stop.', uri: 'pooling-lens:debug?expr=x', pending: true },
    ]);
    // The status bar shows a wait, not an error.
    expect(c.snapshot()).toMatchObject({ loadError: 'Waiting for the debugger: x is read at the next stop.', pending: true });
    ready = true;
    await c.refresh();
    expect(of(f.posted, 'load')).toHaveLength(1);
    expect(c.snapshot().loadError).toBeUndefined();
    expect(c.snapshot().pending).toBeUndefined();
  });

  it('a panel that could not be restored shows why', async () => {
    const f = fake();
    const c = new PanelController(f.host, { fileName: 'Pooling Lens', uri: undefined, reason: 'restore', fatalMessage: 'could not be restored' });
    await c.start();
    await c.handleMessage({ type: 'ready' });
    expect(f.posted).toEqual([{ type: 'loadError', fileName: 'Pooling Lens', message: 'could not be restored' }]);
    await c.refresh();
    expect(f.posted).toHaveLength(1);
  });

  it('an npz whose members all failed is an error; failed members are skipped otherwise', async () => {
    const broken = (name: string): LoadedArray => ({
      name,
      dtype: 'unknown',
      array: { shape: [0], data: new Float64Array(0) },
      error: new ReadError('npz', `${name}: not a valid .npy`),
    });
    const f = fake();
    f.setLoad(async () => [broken('a'), broken('b')]);
    const c = new PanelController(f.host, { ...init, fileName: 'w.npz' });
    await c.start();
    await c.handleMessage({ type: 'ready' });
    expect(of(f.posted, 'loadError')[0]!.message).toMatch(/Could not load any array from w\.npz: a: not a valid \.npy; b: not a valid/);

    const g = fake();
    g.setLoad(async () => [broken('a'), grid('b')]);
    const d = new PanelController(g.host, { ...init, fileName: 'w.npz' });
    await d.start();
    await d.handleMessage({ type: 'ready' });
    const [load] = of(g.posted, 'load');
    expect(load!.arrayNames).toEqual(['a', 'b']);
    expect(load!.array.name).toBe('b');
    await d.handleMessage({ type: 'selectArray', name: 'a' });
    expect(of(g.posted, 'load')).toHaveLength(1);
    expect(of(g.posted, 'notice')[0]!.message).toMatch(/a cannot be shown: a: not a valid/);
  });
});

describe('untrusted messages', () => {
  it('logs and drops malformed or unknown messages, and keeps working', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.start();
    const junk: unknown[] = [
      null,
      42,
      'ready',
      [],
      {},
      { type: 'nope' },
      { type: 'export', requestId: 'x', format: 'npy', request: maxRequest },
      { type: 'export', requestId: 1, format: 'exe', request: maxRequest },
      { type: 'export', requestId: 1, format: 'npy', request: { ...maxRequest, spatialAxes: [0, 1, 2, 3] } },
      { type: 'export', requestId: 1, format: 'npy', request: maxRequest, path: '/etc/passwd', pngRange: ['a', 1] },
      { type: 'copyText', requestId: 1, text: 5 },
      { type: 'rendered', input: [5, 5], output: [2, 2], outputSample: new Array(5000).fill(0), error: null },
      { type: 'log', level: 'fatal', message: 'x' },
      { type: 'selectArray', name: { toString: 1 } },
      { type: 'x'.repeat(1000) },
    ];
    for (const m of junk) await c.handleMessage(m);
    expect(f.posted).toEqual([]);
    const warnings = f.logs.filter((l) => l.level === 'warn' && l.message.includes('dropped an invalid message'));
    expect(warnings).toHaveLength(junk.length);
    expect(warnings[5]!.message).toContain("unknown message type 'nope'");
    expect(warnings.every((w) => w.message.length < 600)).toBe(true);
    expect(f.written).toEqual([]);
    expect(f.clipboard).toEqual([]);
    // Still serving.
    await c.handleMessage({ type: 'ready' });
    expect(of(f.posted, 'load')).toHaveLength(1);
  });

  it('catches a failing handler, logs it and replies with the error', async () => {
    const f = fake({ copyToClipboard: async () => Promise.reject(new Error('clipboard unavailable')) });
    const c = new PanelController(f.host, init);
    await expect(c.handleMessage({ type: 'copyText', requestId: 7, text: 'hi' })).resolves.toBeUndefined();
    expect(f.posted).toEqual([{ type: 'reply', requestId: 7, ok: false, message: 'clipboard unavailable' }]);
    expect(f.logs.some((l) => l.level === 'error' && l.message.includes("handling 'copyText' failed"))).toBe(true);
  });

  it('survives a host whose postMessage rejects (webview gone)', async () => {
    const f = fake({ post: async () => Promise.reject(new Error('Webview is disposed')) });
    const c = new PanelController(f.host, init);
    await c.start();
    await expect(c.handleMessage({ type: 'ready' })).resolves.toBeUndefined();
    expect(f.logs.some((l) => l.message.includes("could not post 'load'"))).toBe(true);
  });
});

describe('requests from the webview', () => {
  it('export recomputes from the original data, asks where to save, writes, replies', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'export', requestId: 3, format: 'npy', request: maxRequest });
    expect(f.saveNames).toEqual(['m.pooled.npy']);
    expect(f.written).toHaveLength(1);
    const [out] = await readArrays(f.written[0]!, 'out.npy');
    expect(out!.array.shape).toEqual([2, 2]);
    expect(Array.from(out!.array.data)).toEqual([7, 9, 17, 19]);
    expect(of(f.posted, 'reply')).toEqual([{ type: 'reply', requestId: 3, ok: true, message: 'Saved m.pooled.npy' }]);
    expect(f.announced, 'the notification with its Open action').toEqual(['m.pooled.npy']);
  });

  it('export ignores any path the webview names: only the save dialog decides', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'export', requestId: 9, format: 'npy', request: maxRequest, path: '/etc/passwd', uri: 'file:///x' });
    expect(f.saveNames).toEqual(['m.pooled.npy']);
    expect(of(f.posted, 'reply')[0]).toMatchObject({ ok: true, message: 'Saved m.pooled.npy' });
  });

  it('export with invalid parameters replies with the core message and opens no dialog', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'export', requestId: 4, format: 'npy', request: { ...maxRequest, kernel: [9, 9] } });
    expect(f.saveNames).toEqual([]);
    const [reply] = of(f.posted, 'reply');
    expect(reply).toMatchObject({ requestId: 4, ok: false });
    expect(reply!.message).toMatch(/^Export failed: .*kernel/i);
  });

  it('export cancelled in the dialog writes nothing; a failed write is shown', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.start();
    f.setSave(undefined);
    await c.handleMessage({ type: 'export', requestId: 5, format: 'csv', request: maxRequest });
    expect(f.written).toEqual([]);
    expect(of(f.posted, 'reply').at(-1)).toEqual({ type: 'reply', requestId: 5, ok: false, message: 'Export cancelled.' });
    f.setSave({ label: '/ro/x.csv', write: async () => Promise.reject(new Error('NoPermissions')), announce: () => void f.announced.push('/ro/x.csv') });
    await c.handleMessage({ type: 'export', requestId: 6, format: 'csv', request: maxRequest });
    expect(f.errors).toEqual(['Could not write /ro/x.csv: NoPermissions']);
    expect(f.announced, 'nothing saved, nothing to open').toEqual([]);
    expect(of(f.posted, 'reply').at(-1)).toMatchObject({ requestId: 6, ok: false });
  });

  it('export before the data is loaded says so', async () => {
    const f = fake();
    f.setLoad(() => new Promise(() => {}));
    const c = new PanelController(f.host, init);
    void c.start();
    await c.handleMessage({ type: 'export', requestId: 8, format: 'npy', request: maxRequest });
    expect((of(f.posted, 'reply')[0] as Reply).message).toBe('m.csv is not loaded, so there is nothing to export.');
  });

  it('copyText copies, and refuses text over the bound', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.handleMessage({ type: 'copyText', requestId: 1, text: '7\t9\n17\t19' });
    expect(f.clipboard).toEqual(['7\t9\n17\t19']);
    await c.handleMessage({ type: 'copyText', requestId: 2, text: 'x'.repeat(MAX_COPY_CHARS + 1) });
    expect(f.clipboard).toHaveLength(1);
    expect(of(f.posted, 'reply').map((r) => r.ok)).toEqual([true, false]);
  });

  it('selectArray posts the chosen member; an unknown name is logged', async () => {
    const f = fake();
    f.setLoad(async () => [grid('a'), { ...grid('b'), array: { shape: [2], data: new Float32Array([1, 2]) } }]);
    const c = new PanelController(f.host, { ...init, fileName: 'w.npz' });
    await c.start();
    await c.handleMessage({ type: 'ready' });
    await c.handleMessage({ type: 'selectArray', name: 'b' });
    await c.handleMessage({ type: 'selectArray', name: 'zzz' });
    const loads = of(f.posted, 'load');
    expect(loads.map((l) => [l.array.name, l.reason, l.array.storage])).toEqual([
      ['a', 'open', 'float64'],
      ['b', 'select', 'float32'],
    ]);
    expect(c.snapshot().arrayName).toBe('b');
    expect(f.logs.some((l) => l.message.includes('asked for array \'"zzz"\''))).toBe(true);
  });

  it('rendered is kept for the status bar and tests; log and openOther reach the host', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    const rendered = { type: 'rendered', input: [5, 5], output: [2, 2], outputSample: [7, 9, 17, 19], error: null };
    await c.handleMessage(rendered);
    expect(c.snapshot().rendered).toEqual(rendered);
    expect(f.changed).toBeGreaterThan(0);
    await c.handleMessage({ type: 'log', level: 'error', message: 'boom' });
    expect(f.logs.at(-1)).toEqual({ level: 'error', message: '[webview m.csv] boom' });
    await c.handleMessage({ type: 'openOther' });
    expect(f.openOther).toBe(1);
  });
});

describe('refresh and lifecycle', () => {
  it('a successful refresh posts the new data with reason refresh', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'ready' });
    f.setLoad(async () => [{ ...grid(), array: { shape: [1, 2], data: new Float64Array([5, 6]) } }]);
    await c.refresh();
    const loads = of(f.posted, 'load') as Load[];
    expect(loads.map((l) => [l.reason, l.array.shape])).toEqual([
      ['open', [5, 5]],
      ['refresh', [1, 2]],
    ]);
  });

  it('a failed refresh keeps the last good data and posts a notice', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'ready' });
    f.setLoad(async () => Promise.reject(new Error('Could not load m.csv: row 2 has 3 values, expected 5')));
    await c.refresh();
    expect(of(f.posted, 'loadError')).toEqual([]);
    const [notice] = of(f.posted, 'notice');
    expect(notice!.level).toBe('warn');
    expect(notice!.message).toMatch(/row 2 has 3 values.*keeps showing the last version/);
    expect(f.warnings).toHaveLength(1);
    expect(c.snapshot()).toMatchObject({ loaded: true, loadError: undefined });
    // Still exports the last good data.
    await c.handleMessage({ type: 'export', requestId: 1, format: 'npy', request: maxRequest });
    expect(f.written).toHaveLength(1);
    c.fileDeleted();
    expect(of(f.posted, 'notice').at(-1)!.message).toMatch(/was deleted or moved/);
  });

  it('a file grown past the size limit while open gives a message and keeps the last good state', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'ready' });
    let reads = 0;
    f.setLoad(() =>
      loadArrays(
        'm.csv',
        {
          size: async () => 2048 * MB,
          read: async () => {
            reads++;
            return new Uint8Array(0);
          },
        },
        { maxFileSizeMB: 256, withProgress: (_t, task) => task() },
      ),
    );
    await c.refresh();
    expect(reads).toBe(0);
    expect(of(f.posted, 'notice')[0]!.message).toMatch(/^m\.csv is 2048 MB, over the 256 MB limit\. Raise the setting poolingLens\.maxFileSizeMB/);
    expect(of(f.posted, 'load')).toHaveLength(1);
    expect(c.snapshot().loaded).toBe(true);
  });

  it('a file deleted before it was ever read shows an error, not a spinner', async () => {
    const f = fake();
    f.setLoad(() => new Promise(() => {}));
    const c = new PanelController(f.host, init);
    void c.start();
    await c.handleMessage({ type: 'ready' });
    c.fileDeleted();
    await Promise.resolve();
    expect(of(f.posted, 'loadError')[0]!.message).toBe('m.csv was deleted or moved.');
  });

  it('drops a slow read that a newer one overtook', async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.handleMessage({ type: 'ready' });
    const slow = deferred<LoadedArray[]>();
    f.setLoad(() => slow.promise);
    const first = c.start();
    f.setLoad(async () => [{ ...grid(), array: { shape: [1], data: new Float64Array([42]) } }]);
    await c.refresh();
    slow.resolve([grid()]);
    await first;
    const loads = of(f.posted, 'load');
    expect(loads.map((l) => l.array.shape)).toEqual([[1]]);
  });

  it("a read's keepGoing says false once a newer read began or the panel closed, so its decode can stop; nothing is shown or logged as an error", async () => {
    const f = fake();
    const c = new PanelController(f.host, init);
    await c.handleMessage({ type: 'ready' });
    const asks: (() => boolean)[] = [];
    const slow = deferred<LoadedArray[]>();
    f.setLoad((keepGoing) => {
      asks.push(keepGoing!);
      return asks.length === 1 ? slow.promise : Promise.resolve([grid()]);
    });
    const first = c.start();
    expect(asks[0]!()).toBe(true);
    await c.refresh();
    expect(asks[0]!()).toBe(false);
    expect(asks[1]!()).toBe(true);
    // The overtaken read ends as the io layer ends an abandoned one.
    slow.reject(new ReadAbandoned('m.csv'));
    await first;
    c.dispose();
    expect(asks[1]!()).toBe(false);
    expect(f.errors).toEqual([]);
    expect(of(f.posted, 'loadError')).toEqual([]);
    expect(of(f.posted, 'load')).toHaveLength(1);
  });

  it('loadArrays: bytes that arrive when the read is no longer wanted are not decoded (ReadAbandoned, not a load error)', async () => {
    let wanted = true;
    const read = loadArrays(
      'm.csv',
      {
        size: async () => 12,
        read: async () => {
          wanted = false;
          return new TextEncoder().encode('1,2\n3,4\n');
        },
      },
      { maxFileSizeMB: 256, withProgress: (_t, task) => task(), keepGoing: () => wanted },
    );
    await expect(read).rejects.toBeInstanceOf(ReadAbandoned);
  });

  it('posts nothing after dispose, even when a read finishes later', async () => {
    const f = fake();
    const d = deferred<LoadedArray[]>();
    f.setLoad(() => d.promise);
    const c = new PanelController(f.host, init);
    const started = c.start();
    await c.handleMessage({ type: 'ready' });
    c.dispose();
    d.resolve([grid()]);
    await started;
    await c.handleMessage({ type: 'ready' });
    expect(f.posted).toEqual([]);
  });
});
