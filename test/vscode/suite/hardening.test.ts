/// <reference types="mocha" />
// Hardening in a real VS Code: malformed and hostile webview messages (delivered through the same
// handler the webview's onDidReceiveMessage uses, via poolingLens.test.injectMessage) are logged
// and dropped while the panel keeps working; five panels at once render and leave nothing behind
// when closed; a file that grows past the size limit while open, or a panel closed mid-read,
// neither breaks the panel nor leaks.
import * as vscode from 'vscode';
import { deepEqual, equal, ok } from './assert';
import { MemFs } from './memfs';
import { maxRequest } from '../../extension/requests';

interface Snapshot {
  uri?: string;
  ready: boolean;
  loaded: boolean;
  rendered?: { input: number[]; output: number[] | null; outputSample: number[]; error: string | null };
  loadError?: string;
  notice?: string;
}
interface LogLines {
  total: number;
  lines: { level: string; message: string }[];
}
interface Resources {
  panels: number;
  panelsByUri: number;
  panelResources: number;
}

const snapshot = (uri: vscode.Uri): Thenable<Snapshot | undefined> =>
  vscode.commands.executeCommand<Snapshot | undefined>('poolingLens.test.lastRendered', uri.toString());
const inject = (uri: vscode.Uri, message: unknown): Thenable<boolean> =>
  vscode.commands.executeCommand<boolean>('poolingLens.test.injectMessage', uri.toString(), message);
const logLines = (): Thenable<LogLines> => vscode.commands.executeCommand<LogLines>('poolingLens.test.logLines');
const resources = (): Thenable<Resources> => vscode.commands.executeCommand<Resources>('poolingLens.test.resources');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function fileUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function until<T>(what: string, probe: () => Thenable<T> | Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await probe();
    if (done(last)) return last;
    await sleep(100);
  }
  throw new Error(`${what}: timed out; last seen ${JSON.stringify(last)}`);
}

/** Polls the panel for `uri` until `done` holds. */
async function waitPanel(uri: vscode.Uri, what: string, done: (s: Snapshot) => boolean, timeoutMs = 20_000): Promise<Snapshot> {
  const s = await until(
    what,
    () => snapshot(uri),
    (v) => v !== undefined && done(v),
    timeoutMs,
  );
  return s!;
}

function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('poolingLens.panel'));
}

async function closeAllPanels(): Promise<void> {
  await vscode.window.tabGroups.close(panelTabs());
}

/** Lines logged after `since` (a LogLines.total taken earlier). */
async function linesSince(since: number): Promise<LogLines['lines']> {
  const now = await logLines();
  return now.lines.slice(Math.max(0, now.lines.length - (now.total - since)));
}

const validRequest = maxRequest();

suite('Pooling Lens hardening', function () {
  this.timeout(90_000);

  suiteSetup(async () => {
    await vscode.extensions.getExtension('pooling-lens.pooling-lens')?.activate();
  });
  teardown(closeAllPanels);

  test('malformed and hostile messages are logged and dropped; the panel keeps working', async () => {
    const uri = fileUri('lens-5x5.csv');
    await vscode.commands.executeCommand('poolingLens.open', uri);
    await waitPanel(uri, 'lens-5x5.csv renders', (s) => s.rendered?.output != null);
    const before = (await logLines()).total;

    // Built with JSON.parse so that "__proto__" is an own key, as it is in a structured clone.
    const malformed: unknown[] = [
      null,
      42,
      'ready',
      [],
      {},
      { type: 42 },
      { type: 'x'.repeat(100) },
      { type: 'deleteFile', path: '/etc/passwd' },
      { type: 'export' },
      { type: 'export', requestId: NaN, format: 'npy', request: validRequest },
      { type: 'export', requestId: 1, format: 'exe', request: validRequest, path: '/etc/passwd' },
      { type: 'export', requestId: 1, format: 'npy', request: { ...validRequest, kernel: 'huge' } },
      { type: 'copyText', requestId: 2, text: 'x'.repeat(17 * 1024 * 1024) },
      { type: 'log', level: 'fatal', message: 'x' },
      { type: 'log', level: 'error', message: 'y'.repeat(70_000) },
      { type: 'rendered', input: 'x' },
      { type: 'shapes', input: [NaN] },
      { type: 'selectArray' },
      JSON.parse('{"__proto__": {"polluted": true}, "type": "__proto__"}'),
      JSON.parse('{"type": "export", "__proto__": {"requestId": 1, "format": "npy"}}'),
    ];
    for (const m of malformed) equal(await inject(uri, m), true, `delivered ${JSON.stringify(m)?.slice(0, 80)}`);

    // Well-formed but refused: an export whose parameters the core rejects (the path-like fields are ignored,
    // and no save dialog opens), and a member the file does not have.
    await inject(uri, {
      type: 'export',
      requestId: 7,
      format: 'npy',
      request: { ...validRequest, kernel: [0, 0] },
      path: '/etc/passwd',
      uri: 'file:///etc/passwd',
    });
    await inject(uri, JSON.parse('{"type": "selectArray", "name": "__proto__"}'));

    const lines = await linesSince(before);
    const dropped = lines.filter((l) => l.message.includes('dropped an invalid message'));
    equal(dropped.length, malformed.length, `every malformed message is logged once (${JSON.stringify(lines.map((l) => l.message.slice(0, 100)))})`);
    ok(
      dropped.every((l) => l.level === 'warn' && l.message.length < 2100),
      'as short warnings',
    );
    ok(
      lines.some((l) => /export as \.npy failed/.test(l.message)),
      'the refused export is logged',
    );
    ok(
      lines.some((l) => /asked for array '"__proto__"'/.test(l.message) || /asked for array/.test(l.message)),
      'the unknown member is logged',
    );
    equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');

    // The host is still up and the panel still answers: a valid `rendered` lands, and a `ready`
    // gets the real data sent and drawn again.
    await inject(uri, { type: 'rendered', input: [5, 5], output: [1], outputSample: [42], error: null });
    let s = await snapshot(uri);
    deepEqual(s?.rendered?.outputSample, [42], 'a valid message is still handled');
    await inject(uri, { type: 'ready' });
    s = await waitPanel(uri, 'the panel draws again after ready', (v) => v.rendered?.outputSample[0] === 7);
    deepEqual(s.rendered!.outputSample.slice(0, 4), [7, 9, 17, 19], 'the real output is back');
    equal(panelTabs().length, 1, 'one panel tab');
  });

  test('five panels open at once all render; closing them leaves no panel or resource behind', async () => {
    const names = ['lens-5x5.csv', 'lens-4x4.npy', 'lens-gray.png', 'a.csv', 'm.json'];
    const start = await resources();
    equal(start.panels, 0, 'no panel before');
    // Each in its own editor group, so that all five webviews are visible and load at the same time.
    for (const [i, name] of names.entries()) {
      if (i > 0) await vscode.commands.executeCommand('workbench.action.newGroupRight');
      await vscode.commands.executeCommand('poolingLens.open', fileUri(name));
    }
    for (const name of names) {
      await waitPanel(fileUri(name), `${name} renders`, (s) => s.rendered?.output != null, 30_000);
    }
    const open = await resources();
    equal(open.panels, 5, 'five panels tracked');
    equal(open.panelsByUri, 5, 'five panels by file');
    ok(open.panelResources >= 5, `their wiring holds resources (${open.panelResources})`);
    equal(panelTabs().length, 5, 'five tabs');
    await closeAllPanels();
    const closed = await until('everything released', resources, (r) => r.panels === 0 && r.panelsByUri === 0 && r.panelResources === 0);
    deepEqual(closed, { panels: 0, panelsByUri: 0, panelResources: 0 }, 'nothing left');
    await vscode.commands.executeCommand('workbench.action.editorLayoutSingle');
  });

  test('a file that grows past the size limit while open gives a notice and the panel keeps its last good state', async () => {
    // The provider reports a size it does not hold: what `stat` says is what the size check reads.
    class GrowingFs extends MemFs {
      readonly claimed = new Map<string, number>();
      override stat(uri: vscode.Uri): vscode.FileStat {
        const s = super.stat(uri);
        const size = this.claimed.get(uri.path);
        return size === undefined ? s : { ...s, size };
      }
    }
    const fs = new GrowingFs();
    const registration = vscode.workspace.registerFileSystemProvider('poollens-grow', fs);
    try {
      const uri = vscode.Uri.from({ scheme: 'poollens-grow', path: '/grow.csv' });
      const table = new TextEncoder().encode('1,2,3,4\n5,6,7,8\n9,10,11,12\n13,14,15,16\n');
      await vscode.workspace.fs.writeFile(uri, table);
      await vscode.commands.executeCommand('poolingLens.open', uri);
      let s = await waitPanel(uri, 'grow.csv renders', (v) => v.rendered?.output != null);
      deepEqual(s.rendered!.outputSample.slice(0, 4), [6, 8, 14, 16], 'first version');

      fs.claimed.set('/grow.csv', 3 * 1024 ** 3);
      await vscode.workspace.fs.writeFile(uri, table); // a change event; stat now says 3 GB
      s = await waitPanel(uri, 'a notice about the size', (v) => v.notice !== undefined);
      ok(
        /grow\.csv/.test(s.notice!) && /over the \d+ MB limit/.test(s.notice!) && /poolingLens\.maxFileSizeMB/.test(s.notice!),
        `notice names the file, the limit and the setting: ${s.notice}`,
      );
      ok(/keeps showing the last version/.test(s.notice!), `and says the panel keeps its data: ${s.notice}`);
      equal(s.loaded, true, 'still loaded');
      deepEqual(s.rendered!.outputSample.slice(0, 4), [6, 8, 14, 16], 'the last good output stays');
    } finally {
      await closeAllPanels();
      registration.dispose();
    }
  });

  test('a panel closed while its file is still being read leaks nothing and reports nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // A provider whose reads wait until the panel has been closed.
    const fs = new MemFs();
    const provider: vscode.FileSystemProvider = {
      onDidChangeFile: fs.onDidChangeFile,
      watch: () => fs.watch(),
      stat: (u) => fs.stat(u),
      readDirectory: () => fs.readDirectory(),
      createDirectory: () => fs.createDirectory(),
      readFile: async (u) => {
        await gate;
        return fs.readFile(u);
      },
      writeFile: (u, c) => fs.writeFile(u, c),
      delete: (u) => fs.delete(u),
      rename: () => fs.rename(),
    };
    const registration = vscode.workspace.registerFileSystemProvider('poollens-slow', provider);
    try {
      const uri = vscode.Uri.from({ scheme: 'poollens-slow', path: '/slow.csv' });
      fs.writeFile(uri, new TextEncoder().encode('1,2\n3,4\n'));
      const before = (await logLines()).total;
      await vscode.commands.executeCommand('poolingLens.open', uri);
      await until('the panel exists', resources, (r) => r.panels === 1);
      // The tab model is updated after the panel is created; close the tab once it is there.
      await until(
        'its tab exists',
        async () => panelTabs().length,
        (n) => n === 1,
      );
      equal((await snapshot(uri))?.loaded, false, 'still reading when closed');
      await closeAllPanels();
      await until('released after close', resources, (r) => r.panels === 0 && r.panelResources === 0);
      release();
      await sleep(500); // let the read finish into a disposed panel
      deepEqual(await resources(), { panels: 0, panelsByUri: 0, panelResources: 0 }, 'nothing came back');
      equal(await snapshot(uri), undefined, 'no state for the closed panel');
      const lines = await linesSince(before);
      ok(!lines.some((l) => l.level === 'error'), `no error logged: ${JSON.stringify(lines)}`);
    } finally {
      release();
      await closeAllPanels();
      registration.dispose();
    }
  });
});
