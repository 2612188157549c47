/// <reference types="mocha" />
// The Pooling Lens panel in a real VS Code: `poolingLens.open` on files of the test workspace
// opens a `poolingLens.panel` tab whose webview reports (via `rendered`) the values it shows.
import * as vscode from 'vscode';
import { deepEqual, equal, ok } from './assert';
import { MemFs } from './memfs';
import { screenshot } from './screenshot';
import expected from './panel-expected.json';

/** What `poolingLens.test.lastRendered` returns (src/extension/panel/controller.ts PanelSnapshot). */
interface Snapshot {
  uri?: string;
  fileName: string;
  ready: boolean;
  loaded: boolean;
  rendered?: { input: number[]; output: number[] | null; outputSample: number[]; error: string | null };
  loadError?: string;
  notice?: string;
}

function fileUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function snapshot(uri: vscode.Uri): Promise<Snapshot | undefined> {
  return vscode.commands.executeCommand<Snapshot | undefined>('poolingLens.test.lastRendered', uri.toString());
}

/** Polls the panel's state until `done` holds; fails with the last state seen. */
async function waitForPanel(uri: vscode.Uri, done: (s: Snapshot) => boolean, what: string, timeoutMs = 20_000): Promise<Snapshot> {
  const until = Date.now() + timeoutMs;
  let last: Snapshot | undefined;
  while (Date.now() < until) {
    last = await snapshot(uri);
    if (last && done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: timed out; last panel state ${JSON.stringify(last)}`);
}

function panelTabs(label?: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('poolingLens.panel'))
    .filter((t) => label === undefined || t.label === label);
}

async function closeAllPanels(): Promise<void> {
  await vscode.window.tabGroups.close(panelTabs());
}

suite('Pooling Lens panel', function () {
  this.timeout(60_000);

  suiteSetup(async () => {
    await vscode.extensions.getExtension('pooling-lens.pooling-lens')?.activate();
  });
  teardown(closeAllPanels);

  for (const name of ['lens-5x5.csv', 'lens-4x4.npy', 'lens-gray.png'] as const) {
    test(`${name}: the panel shows max 2x2 stride 2 of the file`, async () => {
      const uri = fileUri(name);
      await vscode.commands.executeCommand('poolingLens.open', uri);
      const s = await waitForPanel(uri, (p) => p.rendered?.output != null || p.loadError !== undefined, `${name} renders`);
      // The tab model is updated asynchronously after the panel is created.
      equal(panelTabs(name).length, 1, `one ${name} panel tab`);
      equal(s.loadError, undefined, `${name} loads without error`);
      const r = s.rendered!;
      equal(r.error, null, `${name} renders without a parameter error`);
      const want = expected[name];
      deepEqual(
        r.input.filter((n) => n !== 1),
        want.input.filter((n) => n !== 1),
        `${name} input shape`,
      );
      deepEqual(r.outputSample.slice(0, want.output.length), want.output, `${name} output values`);
      if (name === 'lens-5x5.csv') await screenshot('panel-csv-5x5', { settleMs: 800 });
      if (name === 'lens-gray.png') await screenshot('panel-png-gray', { settleMs: 800 });
    });
  }

  test('a float64 .npy crosses to the webview without a copy after reading it (src/copies.ts counts)', async () => {
    const reset = () => vscode.commands.executeCommand<{ host: number; count: Record<string, number> }>('poolingLens.test.loadStats', true);
    await reset();
    const uri = fileUri('lens-4x4.npy');
    await vscode.commands.executeCommand('poolingLens.open', uri);
    const s = await waitForPanel(uri, (p) => p.rendered?.output != null, 'lens-4x4.npy renders');
    deepEqual(s.rendered!.outputSample.slice(0, 4), expected['lens-4x4.npy'].output.slice(0, 4), 'the values arrived intact');
    const { host, count } = await reset();
    // The values are a view of the file's bytes, and those bytes are what is posted (at the values' offset).
    deepEqual([count.decode, count.reorder, count.payload], [0, 0, 0], 'no copy to decode, reorder or post');
    // Only a file handed over inside a much larger buffer is copied out of it, once.
    ok(host <= 1, `at most one copy on the host, got ${host} (${JSON.stringify(count)})`);
  });

  test('a large .npy crosses in chunks (src/chunks.ts) and arrives intact: one copy on the host, cut into chunks', async () => {
    const memfs = new MemFs();
    const registration = vscode.workspace.registerFileSystemProvider('poollens-mem', memfs);
    try {
      // 1100 × 4096 float32 = 17.2 MiB, chunked from 16 MiB for this test (the default is 128 MiB): 3 chunks. Value = r * 4096 + c (exact in float32).
      const [rows, cols] = [1100, 4096];
      const header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
      const text = header.padEnd(128 - 10 - 1, ' ') + '\n';
      const file = new Uint8Array(128 + rows * cols * 4);
      file.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8]);
      file.set(new TextEncoder().encode(text), 10);
      const values = new Float32Array(file.buffer, 128, rows * cols);
      for (let i = 0; i < values.length; i++) values[i] = i;
      const uri = vscode.Uri.from({ scheme: 'poollens-mem', path: '/large.npy' });
      await vscode.workspace.fs.writeFile(uri, file);
      await vscode.commands.executeCommand('poolingLens.test.chunkedFrom', 16 * 1024 * 1024);
      const reset = () => vscode.commands.executeCommand<{ host: number; count: Record<string, number> }>('poolingLens.test.loadStats', true);
      // The write's change event can reach the first panel's watcher (a refresh: a second load,
      // a second copy): the copies are counted on a panel opened afterwards.
      await vscode.commands.executeCommand('poolingLens.open', uri);
      await waitForPanel(uri, (p) => p.rendered?.output != null, 'large.npy renders', 60_000);
      await closeAllPanels();
      await new Promise((r) => setTimeout(r, 500));
      await reset();
      await vscode.commands.executeCommand('poolingLens.open', uri);
      const s = await waitForPanel(uri, (p) => p.rendered?.output != null, 'large.npy renders again', 60_000);
      deepEqual(s.rendered!.output, [550, 2048], 'default k2 s2 output shape');
      // max over each 2×2 window is its bottom-right cell: (2i + 1) * cols + 2j + 1.
      const want = Array.from({ length: 4096 }, (_, k) => (2 * Math.floor(k / 2048) + 1) * cols + 2 * (k % 2048) + 1);
      deepEqual(s.rendered!.outputSample, want, 'the first 4096 output values');
      const { host, count } = await reset();
      equal(host, 1, `one copy on the host, made a chunk at a time (${JSON.stringify(count)})`);
      equal(count.payload, 1, 'the copy is the chunks posted');
    } finally {
      await vscode.commands.executeCommand('poolingLens.test.chunkedFrom');
      await closeAllPanels();
      registration.dispose();
    }
  });

  test('a bad .npy shows an error in the panel, not a spinner', async () => {
    const uri = fileUri('lens-bad.npy');
    await vscode.commands.executeCommand('poolingLens.open', uri);
    // ready: the webview asked for data and the host answered with the error.
    const s = await waitForPanel(uri, (p) => p.loadError !== undefined && p.ready, 'lens-bad.npy reports its error');
    equal(panelTabs('lens-bad.npy').length, 1, 'one lens-bad.npy panel tab');
    ok(s.loadError!.includes('lens-bad.npy'), `the error names the file: ${s.loadError}`);
    equal(s.loaded, false, 'nothing loaded');
    equal(s.rendered, undefined, 'nothing rendered');
    await screenshot('panel-bad-npy', { settleMs: 800 });
  });

  test('opening the same file again reveals its panel instead of a second one', async () => {
    const uri = fileUri('lens-4x4.npy');
    await vscode.commands.executeCommand('poolingLens.open', uri);
    await waitForPanel(uri, (p) => p.rendered !== undefined, 'first open renders');
    await vscode.commands.executeCommand('poolingLens.open', uri);
    equal(panelTabs('lens-4x4.npy').length, 1, 'still one lens-4x4.npy tab');
  });

  test('without an argument it opens the active editor’s file', async () => {
    const uri = fileUri('lens-5x5.csv');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('poolingLens.open');
    const s = await waitForPanel(uri, (p) => p.rendered?.output != null, 'active editor file renders');
    deepEqual(s.rendered!.outputSample.slice(0, 4), [7, 9, 17, 19], 'output of the active file');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('on a virtual file system the panel refreshes on change, keeps the last good data on garbage, and notes a deletion', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    const memfs = new MemFs();
    const registration = vscode.workspace.registerFileSystemProvider('poollens-mem', memfs);
    try {
      const uri = vscode.Uri.from({ scheme: 'poollens-mem', path: '/live.csv' });
      const table = (offset: number): Uint8Array =>
        new TextEncoder().encode([0, 1, 2, 3].map((r) => [1, 2, 3, 4].map((c) => offset + r * 4 + c).join(',')).join('\n') + '\n');
      await vscode.workspace.fs.writeFile(uri, table(0));
      await vscode.commands.executeCommand('poolingLens.open', uri);
      let s = await waitForPanel(uri, (p) => p.rendered?.output != null, 'live.csv renders');
      deepEqual(s.rendered!.outputSample.slice(0, 4), [6, 8, 14, 16], 'first version');

      await vscode.workspace.fs.writeFile(uri, table(100));
      s = await waitForPanel(uri, (p) => p.rendered?.outputSample[0] === 106, 'live.csv re-renders after a change');
      deepEqual(s.rendered!.outputSample.slice(0, 4), [106, 108, 114, 116], 'second version');

      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('1,2,3\n4,oops,6\n'));
      s = await waitForPanel(uri, (p) => p.notice !== undefined, 'a broken version gives a notice');
      ok(/live\.csv/.test(s.notice!) && /keeps showing the last version/.test(s.notice!), `notice: ${s.notice}`);
      equal(s.loaded, true, 'still loaded');
      deepEqual(s.rendered!.outputSample.slice(0, 4), [106, 108, 114, 116], 'the last good output stays');
      await screenshot('panel-refresh-broken', { settleMs: 800 });

      await vscode.workspace.fs.delete(uri);
      s = await waitForPanel(uri, (p) => /deleted/.test(p.notice ?? ''), 'a deletion gives a notice');
      equal(s.loaded, true, 'still showing the last data after deletion');
    } finally {
      await closeAllPanels();
      registration.dispose();
    }
  });

  test('the serializer restores a panel by re-reading the file named in its state', async () => {
    const uri = fileUri('lens-5x5.csv');
    // `ui` is the webview's own business: junk there must not stop the panel from showing the data.
    await vscode.commands.executeCommand('poolingLens.test.restorePanel', { version: 1, uri: uri.toString(), ui: { params: 'junk' } });
    const s = await waitForPanel(uri, (p) => p.rendered?.output != null, 'restored panel renders');
    deepEqual(s.rendered!.outputSample.slice(0, 4), [7, 9, 17, 19], 'restored output');
    equal(panelTabs('lens-5x5.csv').length, 1, 'the restored tab is titled after the file');
  });

  test('a panel with missing or foreign state explains that it could not be restored', async () => {
    for (const state of [undefined, { version: 2, uri: fileUri('lens-5x5.csv').toString() }, { version: 1 }]) {
      await vscode.commands.executeCommand('poolingLens.test.restorePanel', state);
      const until = Date.now() + 20_000;
      let s: Snapshot | undefined;
      while (Date.now() < until) {
        s = await vscode.commands.executeCommand<Snapshot | undefined>('poolingLens.test.lastRendered');
        if (s?.ready && s.loadError) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      ok(s?.ready && /could not be restored/.test(s.loadError ?? ''), `state ${JSON.stringify(state)}: ${JSON.stringify(s)}`);
      equal(s.loaded, false, 'nothing loaded');
      await closeAllPanels();
    }
  });

  test('without a uri the test command reports the active panel; closing a panel forgets it', async () => {
    const uri = fileUri('lens-4x4.npy');
    await vscode.commands.executeCommand('poolingLens.open', uri);
    await waitForPanel(uri, (p) => p.rendered !== undefined, 'renders');
    const active = await vscode.commands.executeCommand<Snapshot | undefined>('poolingLens.test.lastRendered');
    equal(active?.uri, uri.toString(), 'the active panel is lens-4x4.npy');
    await closeAllPanels();
    equal(await snapshot(uri), undefined, 'no state for the closed panel');
    equal(await vscode.commands.executeCommand('poolingLens.test.lastRendered'), undefined, 'no panel at all');
  });
});
