/*
 * The host side of "webview messages are untrusted" and "concurrency and lifecycle": random and
 * hostile messages through the controller's real entry point (handleMessage), exports that can
 * only write where the save dialog says and cannot make the host allocate gigabytes, rapid
 * refreshes where only the newest read lands, and the log recorder the VS Code tests read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoadedArray } from '../../src/io';
import type { HostMessage, PoolRequest } from '../../src/protocol';
import { maxRequest } from './requests';
import { parseWebviewMessage } from '../../src/protocol';
import { PanelController } from '../../src/extension/panel/controller';
import type { PanelInit } from '../../src/extension/panel/controller';
import { fakePanelHost, grid, type FakeHost } from './fakeHost';
import { checkExportSize, computeExport, MAX_EXPORT_BYTES } from '../../src/extension/panel/exportPool';
import { LogRecorder, MAX_CHARS, MAX_LINES, recordingChannel } from '../../src/extension/logRecorder';
import type { LogOutputChannel } from 'vscode';
import { arm, disarm, installAllocationTracker } from '../fuzz/alloc';

const request = maxRequest();

type Recorded = FakeHost;

function fakeHost(arrays: () => LoadedArray[] = () => [grid()]): Recorded {
  return fakePanelHost({ load: async () => arrays(), saveLabel: '/chosen/by/dialog.npy' });
}

const init: PanelInit = { fileName: 'm.csv', uri: 'file:///w/m.csv', reason: 'open' };

/** Keys an attacker would try, besides the protocol's own. */
const KEYS = [
  'type',
  'requestId',
  'format',
  'request',
  'text',
  'name',
  'path',
  'uri',
  'fileName',
  'target',
  'defaultUri',
  '__proto__',
  'constructor',
  'prototype',
  'level',
  'message',
];
const TYPES = [
  'ready',
  'export',
  'copyText',
  'selectArray',
  'openOther',
  'shapes',
  'rendered',
  'log',
  'loadFile',
  'readFile',
  'writeFile',
  '__proto__',
  'constructor',
  '',
];

/** Anything, with a bias towards objects that look like protocol messages. */
const messageArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ key: fc.constantFrom(...KEYS), withNullPrototype: true, withObjectString: true, maxDepth: 3 }),
  fc.record(
    {
      type: fc.constantFrom(...TYPES),
      requestId: fc.oneof(fc.integer(), fc.constantFrom(NaN, Infinity, -0, 1.5, 2 ** 60), fc.string()),
      format: fc.constantFrom('npy', 'csv', 'png', '../../x', 'exe', 7),
      request: fc.oneof(
        fc.constant(request),
        fc.anything({ maxDepth: 2 }),
        fc.record({ ...Object.fromEntries(Object.entries(request).map(([k, v]) => [k, fc.oneof(fc.constant(v), fc.anything({ maxDepth: 1 }))])) }),
      ),
      text: fc.oneof(fc.string(), fc.constant(7)),
      name: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '../m.csv')),
      path: fc.constantFrom('/etc/passwd', 'C:\\Windows\\win.ini', 'file:///etc/shadow', '../../outside.npy'),
      uri: fc.constantFrom('file:///etc/passwd', 'vscode-userdata:/settings.json', 'https://evil.example/x'),
      level: fc.constantFrom('info', 'warn', 'error', 'fatal', '__proto__'),
      message: fc.oneof(fc.string(), fc.constant(null)),
      input: fc.anything({ maxDepth: 1 }),
      output: fc.anything({ maxDepth: 1 }),
      outputSample: fc.anything({ maxDepth: 1 }),
      error: fc.anything({ maxDepth: 1 }),
    },
    { requiredKeys: ['type'] },
  ),
  fc.string().map((s) => {
    try {
      return JSON.parse(`{"__proto__": {"polluted": ${JSON.stringify(s)}}, "type": "log", "level": "info", "message": "x"}`) as unknown;
    } catch {
      return s;
    }
  }),
);

describe('hostile webview messages', () => {
  it('never throw, never read a file, write only where the dialog said, and every invalid one is logged once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(messageArb, { minLength: 1, maxLength: 12 }), async (messages) => {
        const r = fakeHost(() => [grid(), grid('../../evil name', 3)]);
        const c = new PanelController(r.host, init);
        await c.start();
        const readsAfterStart = r.reads;
        let invalid = 0;
        let exports = 0;
        for (const m of messages) {
          const parsed = parseWebviewMessage(m);
          if (!parsed.ok) invalid++;
          else if (parsed.value.type === 'export') exports++;
          await expect(c.handleMessage(m)).resolves.toBeUndefined();
        }
        expect(r.reads, 'messages never make the host read').toBe(readsAfterStart);
        expect(r.logs.filter((l) => l.message.includes('dropped an invalid message')).length).toBe(invalid);
        // Every write went to the dialog's choice, one dialog per write at most, only for well-formed exports.
        expect(r.written.every((w) => w.label === '/chosen/by/dialog.npy')).toBe(true);
        expect(r.written.length).toBeLessThanOrEqual(r.dialogs.length);
        expect(r.dialogs.length).toBeLessThanOrEqual(exports);
        // Default names come from the file (and sanitized member names), never from the message.
        for (const name of r.dialogs) expect(name).toMatch(/^m(\.[A-Za-z0-9_-]+)?\.pooled\.(npy|csv|png)$/);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.keys(Object.prototype)).toEqual([]);
        // Still answers: a well-formed ready gets the data.
        await c.handleMessage({ type: 'ready' });
        expect(r.posted.some((p) => p.type === 'load')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('an export naming paths and URIs writes only to the dialog target, with a default name from the file', async () => {
    const r = fakeHost();
    const c = new PanelController(r.host, init);
    await c.start();
    const hostile = JSON.parse(
      JSON.stringify({
        type: 'export',
        requestId: 1,
        format: 'npy',
        request,
        path: '/etc/passwd',
        uri: 'file:///etc/passwd',
        target: { label: '/etc/x' },
        defaultUri: '/tmp/x',
        fileName: '../../x.npy',
      }),
    ) as unknown;
    await c.handleMessage(hostile);
    expect(r.dialogs).toEqual(['m.pooled.npy']);
    expect(r.written.map((w) => w.label)).toEqual(['/chosen/by/dialog.npy']);
  });

  it('a member name with path characters cannot steer the default export name', async () => {
    const r = fakeHost(() => [grid('a'), grid('../../../etc/passwd')]);
    const c = new PanelController(r.host, init);
    await c.start();
    await c.handleMessage({ type: 'selectArray', name: '../../../etc/passwd' });
    await c.handleMessage({ type: 'export', requestId: 2, format: 'csv', request });
    expect(r.dialogs).toHaveLength(1);
    expect(r.dialogs[0]).not.toMatch(/[\\/]|\.\./);
  });

  it('huge strings are refused before they are used', async () => {
    const r = fakeHost();
    const c = new PanelController(r.host, init);
    await c.start();
    await c.handleMessage({ type: 'copyText', requestId: 3, text: 'x'.repeat(17 * 1024 * 1024) });
    await c.handleMessage({ type: 'log', level: 'error', message: 'y'.repeat(65 * 1024) });
    await c.handleMessage({ type: 'x'.repeat(1_000_000) });
    expect(r.clipboard).toEqual([]);
    const dropped = r.logs.filter((l) => l.message.includes('dropped an invalid message'));
    expect(dropped).toHaveLength(3);
    // The log gets a preview, not the megabytes.
    for (const l of dropped) expect(l.message.length).toBeLessThan(1000);
  });
});

describe('exports cannot make the host allocate gigabytes', () => {
  const adaptive = (outputSize: number[]): PoolRequest => ({ ...request, kind: 'adaptive', mode: 'avg', outputSize });

  it('an adaptive output of 16384x16384 is refused before anything is allocated, with a hint', () => {
    installAllocationTracker();
    arm(16 * 1024 * 1024);
    let error: unknown;
    try {
      computeExport(grid().array, adaptive([16384, 16384]));
    } catch (e) {
      error = e;
    }
    const seen = disarm();
    expect(seen.violation).toBeUndefined();
    expect(String(error)).toMatch(
      /16384, 16384\] = 268,435,456 values \(2,048 MB\), more than the 256 MB an export may hold\. Use a larger stride or a smaller output size\./,
    );
  });

  it('a window export whose stride-1 output is over the limit is refused too; small ones pass', () => {
    expect(() => checkExportSize([10000, 10000], false, { ...request, kernel: [1, 1], stride: [1, 1] })).toThrow(/more than the 256 MB/);
    expect(() => checkExportSize([10000, 10000], false, { ...request, kernel: [2, 2], stride: [2, 2] })).not.toThrow();
    expect(() => checkExportSize([5, 5], false, adaptive([3, 3]))).not.toThrow();
    // float32 takes half: 2^26 cells are 256 MB exactly.
    expect(() => checkExportSize([8192, 8192], true, adaptive([8192, 8192]))).not.toThrow();
    expect(MAX_EXPORT_BYTES).toBe(256 * 2 ** 20);
  });

  it('through the controller: the webview gets the reason, no dialog opens', async () => {
    const r = fakeHost();
    const c = new PanelController(r.host, init);
    await c.start();
    await c.handleMessage({ type: 'export', requestId: 8, format: 'npy', request: adaptive([65536, 65536]) });
    expect(r.dialogs).toEqual([]);
    const reply = r.posted.find((p) => p.type === 'reply');
    expect(reply).toMatchObject({ requestId: 8, ok: false });
    expect((reply as { message: string }).message).toMatch(/more than the 256 MB/);
  });
});

describe('rapid refreshes', () => {
  it('of twenty overlapping reads finishing in random order, only the newest is shown', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 20, maxLength: 20 }), async (order) => {
        const r = fakeHost();
        const c = new PanelController(r.host, init);
        await c.start();
        await c.handleMessage({ type: 'ready' });
        const pending: { resolve: (v: LoadedArray[]) => void; n: number }[] = [];
        r.setLoad(() => new Promise((resolve) => pending.push({ resolve, n: pending.length + 10 })));
        const refreshes = Array.from({ length: 20 }, () => c.refresh());
        // Settle in a random order: sort by the drawn keys.
        const settle = pending.map((p, i) => ({ p, key: order[i]! })).sort((a, b) => a.key - b.key);
        for (const { p } of settle) p.resolve([grid('m.csv', p.n)]);
        await Promise.all(refreshes);
        const refreshed = r.posted.filter((m): m is Extract<HostMessage, { type: 'load' }> => m.type === 'load' && m.reason === 'refresh');
        expect(refreshed.length).toBeLessThanOrEqual(1);
        expect(c.snapshot().loaded).toBe(true);
        // The newest read (the 20th, a 29x29 grid) is what the panel holds and shows.
        if (refreshed.length === 1) expect(refreshed[0]!.array.shape).toEqual([29, 29]);
        const all = r.posted.filter((m): m is Extract<HostMessage, { type: 'load' }> => m.type === 'load');
        expect(all.at(-1)!.array.shape).toEqual([29, 29]);
      }),
      { numRuns: 50 },
    );
  });

  it('a panel closed while reads are pending posts nothing and logs nothing when they finish', async () => {
    const r = fakeHost();
    let finish!: (v: LoadedArray[]) => void;
    r.setLoad(() => new Promise((resolve) => (finish = resolve)));
    const c = new PanelController(r.host, init);
    const started = c.start();
    await c.handleMessage({ type: 'ready' });
    c.dispose();
    finish([grid()]);
    await started;
    await c.handleMessage({ type: 'ready' });
    expect(r.posted).toEqual([]);
    expect(r.logs).toEqual([]);
  });
});

describe('log recorder', () => {
  it('keeps the last lines, cut to a bounded length, and counts all', () => {
    const rec = new LogRecorder();
    for (let i = 0; i < MAX_LINES + 10; i++) rec.record('info', `line ${i}`);
    rec.record('warn', 'z'.repeat(MAX_CHARS + 100));
    const { total, lines } = rec.recent();
    expect(total).toBe(MAX_LINES + 11);
    expect(lines).toHaveLength(MAX_LINES);
    expect(lines[0]!.message).toBe('line 11');
    expect(lines.at(-1)!.message).toHaveLength(MAX_CHARS + 1);
  });

  it('records what goes through the channel and forwards every call', () => {
    const calls: string[] = [];
    const channel = {
      name: 'Pooling Lens',
      info: (m: string) => void calls.push(`info ${m}`),
      warn: (m: string) => void calls.push(`warn ${m}`),
      error: (m: string | Error) => void calls.push(`error ${String(m)}`),
      show(this: { name: string }) {
        calls.push(`show ${this.name}`);
      },
    } as unknown as LogOutputChannel;
    const rec = new LogRecorder();
    const log = recordingChannel(channel, rec);
    log.info('a');
    log.warn('b');
    log.error(new Error('c'));
    log.show(true);
    expect(calls).toEqual(['info a', 'warn b', 'error Error: c', 'show Pooling Lens']);
    expect(rec.recent().lines).toEqual([
      { level: 'info', message: 'a' },
      { level: 'warn', message: 'b' },
      { level: 'error', message: 'c' },
    ]);
    expect(log.name).toBe('Pooling Lens');
  });
});
