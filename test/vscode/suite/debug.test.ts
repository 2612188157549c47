/// <reference types="mocha" />
// The debugger entry points in a real VS Code for the Web: a `debugpy` session served by an
// inline adapter replaying debugpy's recorded answers (replayAdapter.ts). The Variables view's
// context menu is opened and clicked with the mouse (the runner's /__runner/click), so the
// argument is the one VS Code passes; the panel then follows the next stop. (The Watch view's
// menu is contributed too, but VS Code for the Web 1.91 has no `debug/watch/context` menu yet:
// it is not tested here.)
import * as vscode from 'vscode';
import { equal, ok } from './assert';
import { ReplayAdapter } from './replayAdapter';
import { screenshot } from './screenshot';

interface Snapshot {
  fileName: string;
  rendered?: { input: number[]; output: number[] | null; outputSample: number[]; error: string | null };
  loadError?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A real click in the workbench (web runner only). */
async function click(role: string, name: string, button: 'left' | 'right' = 'left', last = false): Promise<void> {
  const origin = (globalThis as { origin?: string }).origin;
  const q = new URLSearchParams({ role, name, button, last: last ? '1' : '0' });
  const response = await fetch(`${origin}/__runner/click?${q.toString()}`);
  if (!response.ok) throw new Error(`click ${role} /${name}/ failed: ${await response.text()}`);
}

async function waitFor<T>(get: () => Promise<T | undefined>, done: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < until) {
    last = await get();
    if (last !== undefined && done(last)) return last;
    await sleep(100);
  }
  throw new Error(`${what}: timed out; last ${JSON.stringify(last)}`);
}

const panel = (key: string) => () => Promise.resolve(vscode.commands.executeCommand<Snapshot | undefined>('poolingLens.test.lastRendered', key));
const logLines = async (): Promise<string[]> => {
  const r = await vscode.commands.executeCommand<{ lines: { message: string }[] }>('poolingLens.test.logLines');
  return r.lines.map((l) => l.message);
};

/** Real key presses into the focused widget (web runner only). */
/** Real key presses into a quick pick's filter, once one is shown. */
async function typeInQuickPick(text: string, enter = false): Promise<void> {
  const origin = (globalThis as { origin?: string }).origin;
  const response = await fetch(`${origin}/__runner/type?${new URLSearchParams({ text, enter: enter ? '1' : '0', quickPick: '1' }).toString()}`);
  if (!response.ok) throw new Error(`typing failed: ${await response.text()}`);
}

function frameStopped(): Promise<void> {
  return new Promise((resolve) => {
    const sub = vscode.debug.onDidChangeActiveStackItem((item) => {
      if (item && 'frameId' in item) {
        sub.dispose();
        resolve();
      }
    });
  });
}

/** Launches the replayed debugpy session on arrays.py and waits for its first stop. */
async function startAndStop(what: string): Promise<void> {
  const stopped = frameStopped();
  ok(
    await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      type: 'debugpy',
      request: 'launch',
      name: 'Replayed debugpy',
      program: 'arrays.py',
    }),
    what,
  );
  await stopped;
}

suite('Debugger: values from a paused program', function () {
  this.timeout(120_000);
  let adapter: ReplayAdapter | undefined;

  suiteSetup(async function () {
    if (vscode.env.uiKind !== vscode.UIKind.Web) {
      console.log('[skip] debugger suite: it clicks through the web runner (test/vscode/run.mjs), which desktop runs do not have');
      this.skip();
    }
    await vscode.extensions.getExtension('pooling-lens.pooling-lens')?.activate();
    // Only the extension declaring 'debugpy' may serve it: test/vscode/extensions/replay-debugger.
    const replay = vscode.extensions.getExtension<{ useAdapter(make: () => vscode.DebugAdapter): void }>('pooling-lens-tests.replay-debugger');
    ok(replay, 'the replay-debugger test extension is loaded (run.mjs extensionPaths)');
    (await replay.activate()).useAdapter(() => {
      adapter = new ReplayAdapter();
      return adapter;
    });
    await startAndStop('the session starts');
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  suiteTeardown(async () => {
    await vscode.debug.stopDebugging();
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
    await vscode.window.tabGroups.close(tabs);
  });

  test('Variables view → Visualize Pooling opens x; the panel follows the next stop', async () => {
    equal(adapter?.evaluated.length, 0, 'nothing is evaluated before the user asks');
    await vscode.commands.executeCommand('workbench.view.debug');
    await sleep(1500); // the Variables view asks for scopes and variables
    await click('treeitem', '^x\\b', 'right');
    await screenshot('debug-variables-menu', { settleMs: 700 });
    await click('menuitem', '^Visualize Pooling$');
    const key = 'pooling-lens:debug?expr=x';
    const first = await waitFor(panel(key), (s) => s.rendered?.input.join() === '3,5' && s.rendered.outputSample.length > 0, 'panel for x');
    equal(first.fileName, 'x', 'the tab is named after the expression');
    ok(adapter!.evaluated.includes('x@0'), `evaluated: ${adapter!.evaluated.join(' | ')}`);
    ok(
      (await logLines()).some((l) => l.includes('Opened x @ arrays.py:84 from the debugger')),
      'the log names the frame',
    );
    await screenshot('debug-panel', { settleMs: 1000 });

    // Continue: the adapter stops again with x doubled (x = f32 * (step + 1)); the panel re-reads.
    const sample = first.rendered!.outputSample;
    // (A request through VS Code, as its Continue button sends; the command needs the debug toolbar focused.)
    await vscode.debug.activeDebugSession!.customRequest('continue', { threadId: 1 });
    const second = await waitFor(panel(key), (s) => s.rendered?.outputSample[0] === sample[0]! * 2, 'panel after the next stop').catch(async (e: Error) => {
      throw new Error(`${e.message}; evaluated ${adapter!.evaluated.join(' | ')}; log: ${(await logLines()).slice(-6).join(' / ')}`);
    });
    equal(second.rendered!.outputSample.join(), sample.map((v) => v * 2).join(), 'the output follows the new x');
  });

  test('a pooling layer asks for its input and opens with its own parameters', async () => {
    const done = vscode.commands.executeCommand('poolingLens.debug.visualizeExpressionPrompt', 'model.pool1');
    await sleep(1500);
    await screenshot('debug-layer-input', { settleMs: 300 });
    // The list is long (only visible rows exist): filter it as a user would, then click.
    await typeInQuickPick('t');
    await click('option', '^t\\b');
    await done;
    const key = 'pooling-lens:debug?expr=t&layer=model.pool1';
    // MaxPool2d(2) on t [2, 3, 4] pools the last two axes: [2, 1, 2].
    const s = await waitFor(panel(key), (v) => v.rendered?.output?.join() === '2,1,2', 'layer panel');
    equal(s.fileName, 'model.pool1 on t', 'the layer panel is titled after the layer and its input');
  });

  test('a slow read shows progress and can be cancelled', async () => {
    ReplayAdapter.slow.set('slow', 5000);
    const done = vscode.commands.executeCommand('poolingLens.debug.visualizeExpressionPrompt', 'slow');
    await sleep(1200);
    await screenshot('debug-progress', { settleMs: 200 });
    await click('button', '^Cancel$');
    await done;
    ok(
      (await logLines()).some((l) => l.includes('Reading slow was cancelled')),
      'the cancel is logged',
    );
    equal(await panel('pooling-lens:debug?expr=slow')(), undefined, 'no panel opens for a cancelled read');
  });

  test('editor: Visualize Pooling of Expression reads the selection in the paused frame', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'y = pool(t)\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 9, 0, 10);
    await vscode.commands.executeCommand('poolingLens.debug.visualizeExpression');
    await waitFor(panel('pooling-lens:debug?expr=t'), (s) => s.rendered?.input.join() === '2,3,4', 'panel for t');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('hover over a layer in source uses the last shape seen while debugging, and opens it', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'pool = nn.MaxPool2d(3, stride=2, padding=1)\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 12, 0, 12);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('layer-hover', { settleMs: 1200 });
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 12));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    ok(text.includes('Input [2, 3, 4] → output **[2, 2, 2]** (input shape: last seen while debugging, t)'), text);
    const link = /command:poolingLens\.openLayer\?([^ )]+)/.exec(text);
    ok(link, 'the hover links to Open in Pooling Lens');
    const args = JSON.parse(decodeURIComponent(link[1]!)) as unknown[];
    await vscode.commands.executeCommand('poolingLens.openLayer', ...args);
    const key = `pooling-lens:layer?${new URLSearchParams({ text: 'nn.MaxPool2d(3, stride=2, padding=1)', shape: '2,3,4' }).toString()}`;
    await waitFor(panel(key), (s) => s.rendered?.output?.join() === '2,2,2', 'layer panel from the hover');
    await screenshot('layer-hover-panel', { settleMs: 800 });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('freeze stops re-reading at stops, follow resumes; the session ending marks the data stale', async () => {
    const xReads = () => adapter!.evaluated.filter((e) => e.startsWith('x@')).length;
    // The menu command on the same variable reveals its panel (and reads it again).
    const readsBefore = xReads();
    await vscode.commands.executeCommand('poolingLens.debug.visualizeVariable', { variable: { name: 'x', evaluateName: 'x' } });
    await waitFor(
      () => Promise.resolve(xReads()),
      (n) => n > readsBefore,
      'the menu command reads x again',
    );
    await vscode.commands.executeCommand('poolingLens.debug.freeze', 'pooling-lens:debug?expr=x');
    const before = xReads();
    await vscode.debug.activeDebugSession!.customRequest('continue', { threadId: 1 });
    await sleep(2000);
    equal(xReads(), before, 'a frozen panel does not read at a stop');
    // (Stops focus the source editor; the title bar button acts on the active panel, named here.)
    await vscode.commands.executeCommand('poolingLens.debug.follow', 'pooling-lens:debug?expr=x');
    await waitFor(
      () => Promise.resolve(xReads()),
      (n) => n === before + 1,
      'following again reads at once',
    );
    await vscode.debug.stopDebugging();
    await waitFor(logLines, (lines) => lines.some((l) => l === 'x: the debug session ended; the panel keeps the last data, marked stale'), 'stale mark');
    ok((await panel('pooling-lens:debug?expr=x')())?.rendered, 'the panel still shows the last data');
  });

  test('a debugger panel restored after a reload waits for a stop, then reads its value; restored while paused, at once (a layer too)', async () => {
    // What a reload leaves: no session (the last test ended it) and the panels gone.
    await vscode.window.tabGroups.close(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview));
    const xKey = 'pooling-lens:debug?expr=x';
    // Beside the editor, as debugger panels open (VS Code restores a panel to its column).
    await vscode.commands.executeCommand('poolingLens.test.restorePanel', { version: 1, uri: xKey }, true);
    const waiting = await waitFor(
      panel(xKey),
      (s) => /^Waiting for the debugger: this panel showed x /.test(s.loadError ?? ''),
      'the restored panel says it waits',
    );
    equal(waiting.rendered, undefined, 'nothing is drawn before the value is read');
    await screenshot('debug-restored-waiting', { settleMs: 500 });
    ok(
      (await logLines()).some(
        (l) => l === 'x: Waiting for the debugger: this panel showed x before the window reloaded, and reads it again when a debug session stops.',
      ),
      'the wait is logged as information (no error notification)',
    );
    await startAndStop('a new session starts');
    const read = await waitFor(
      panel(xKey),
      (s) => s.rendered?.input.join() === '3,5' && s.rendered.outputSample.length > 0,
      'the restored panel reads x at the stop',
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}; log: ${(await logLines()).slice(-10).join(' / ')}`);
    });
    equal(read.loadError, undefined, 'the wait is over');
    // Restored while the program is paused: read at once, the layer's parameters with it.
    const layerKey = 'pooling-lens:debug?expr=t&layer=model.pool1';
    await vscode.commands.executeCommand('poolingLens.test.restorePanel', { version: 1, uri: layerKey }, true);
    // MaxPool2d(2) on t [2, 3, 4]: [2, 1, 2], as when the layer panel was first opened.
    const layer = await waitFor(panel(layerKey), (s) => s.rendered?.output?.join() === '2,1,2', 'the restored layer panel');
    equal(layer.fileName, 'model.pool1 on t', 'titled after the layer and its input');
  });
});
