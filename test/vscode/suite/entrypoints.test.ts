/// <reference types="mocha" />
// The ways into Pooling Lens in a real VS Code: the Explorer / editor-title command, Pool Selection
// (editor and hover link), the read-only custom editor for .npy, Open Tutorial, the settings a new
// panel starts with, restoring literal and tutorial panels, and the manifest's menus.
import * as vscode from 'vscode';
import { deepEqual, equal, ok } from './assert';
import { MemFs } from './memfs';
import { screenshot } from './screenshot';
import { darkTheme, lightTheme, setColorTheme } from './theme';
import { SUPPORTED_EXTENSIONS } from '../../../src/io/registry';

interface Snapshot {
  uri?: string;
  fileName: string;
  ready: boolean;
  loaded: boolean;
  rendered?: { input: number[]; output: number[] | null; outputSample: number[]; error: string | null };
  loadError?: string;
  notice?: string;
}

const EXTENSION_ID = 'pooling-lens.pooling-lens';
// The menus' pattern, built from the readers' format registry (src/io/registry.ts).
const SUPPORTED = new RegExp(`^\\.(${SUPPORTED_EXTENSIONS.map((e) => e.slice(1)).join('|')})$`, 'i');

function fileUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** The panel for `key` (a file URI or a source key), or the active / last active one. */
function snapshot(key?: string): Thenable<Snapshot | undefined> {
  return vscode.commands.executeCommand<Snapshot | undefined>('poolingLens.test.lastRendered', key);
}

async function waitFor(key: string | undefined, done: (s: Snapshot) => boolean, what: string, timeoutMs = 20_000): Promise<Snapshot> {
  const until = Date.now() + timeoutMs;
  let last: Snapshot | undefined;
  while (Date.now() < until) {
    last = await snapshot(key);
    if (last && done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: timed out; last panel state ${JSON.stringify(last)}`);
}

const rendered = (s: Snapshot): boolean => s.rendered?.output != null || s.loadError !== undefined;

function tabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

function panelTabs(label?: string): vscode.Tab[] {
  return tabs()
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('poolingLens.panel'))
    .filter((t) => label === undefined || t.label === label);
}

function editorTabs(): vscode.Tab[] {
  return tabs().filter((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'poolingLens.editor');
}

/** The tab model is updated a little after a panel is created. */
async function waitForTab(find: () => vscode.Tab[], what: string): Promise<vscode.Tab> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const found = find();
    if (found.length > 0) return found[0]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${what}: no such tab (tabs: ${tabs()
      .map((t) => t.label)
      .join(', ')})`,
  );
}

async function closeAll(): Promise<void> {
  await vscode.window.tabGroups.close([...panelTabs(), ...editorTabs()]);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function withSettings<T>(values: Record<string, unknown>, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('poolingLens');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    for (const key of Object.keys(values)) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}

async function openAt(name: string, needle: string, selectNeedle = false): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fileUri(name));
  const editor = await vscode.window.showTextDocument(document);
  const at = document.getText().indexOf(needle);
  ok(at >= 0, `"${needle}" is in ${name}`);
  const start = document.positionAt(at);
  const end = selectNeedle ? document.positionAt(at + needle.length) : start;
  editor.selection = new vscode.Selection(start, end);
  return editor;
}

suite('Pooling Lens entry points', function () {
  this.timeout(90_000);

  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });
  // Earlier tests' notifications would cover the screenshots.
  setup(() => vscode.commands.executeCommand('notifications.clearAll'));
  teardown(closeAll);

  test('the manifest contributes the commands, menus, custom editor, settings and walkthrough', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: {
        commands: { command: string; title: string; category?: string }[];
        menus: Record<string, { command: string; when?: string; group?: string }[]>;
        customEditors: { viewType: string; priority: string; selector: { filenamePattern: string }[] }[];
        configuration: { properties: Record<string, { enum?: string[]; minimum?: number; maximum?: number }> };
        walkthroughs: { steps: { id: string; description: string }[] }[];
      };
    };
    const c = pkg.contributes;
    const title = (id: string): string | undefined => c.commands.find((x) => x.command === id)?.title;
    equal(title('poolingLens.open'), 'Open File…', 'Open File… title');
    equal(title('poolingLens.visualize'), 'Visualize Pooling', 'Visualize Pooling title');
    equal(title('poolingLens.openSelection'), 'Pool Selection', 'Pool Selection title');
    equal(title('poolingLens.openTutorial'), 'Open Tutorial', 'Open Tutorial title');
    for (const id of ['poolingLens.open', 'poolingLens.visualize', 'poolingLens.openSelection', 'poolingLens.openTutorial']) {
      equal(c.commands.find((x) => x.command === id)?.category, 'Pooling Lens', `${id} category`);
    }
    for (const menu of ['explorer/context', 'editor/title', 'editor/title/context']) {
      const item = c.menus[menu]?.find((m) => m.command === 'poolingLens.visualize');
      ok(item?.when, `${menu} has Visualize Pooling with a when clause`);
      // The clause's regular expression, applied as VS Code would to resourceExtname.
      const match = /resourceExtname =~ \/(.+)\/i/.exec(item.when);
      ok(match, `${menu}: the when clause tests resourceExtname (${item.when})`);
      const re = new RegExp(match[1]!, 'i');
      for (const ext of ['.npy', '.npz', '.csv', '.tsv', '.json', '.txt', '.png', '.jpg', '.jpeg', '.JPG']) ok(re.test(ext), `${menu} matches ${ext}`);
      for (const ext of ['.py', '.ts', '.md', '.gif', '.npyx', '']) ok(!re.test(ext), `${menu} does not match '${ext}'`);
      ok(re.source === SUPPORTED.source, `${menu} lists the supported extensions`);
    }
    ok(c.menus['explorer/context']!.find((m) => m.command === 'poolingLens.visualize')!.when!.includes('!explorerResourceIsFolder'), 'not on folders');
    equal(
      c.menus['editor/title']!.find((m) => m.command === 'poolingLens.visualize')!.group?.startsWith('navigation'),
      true,
      'editor title: navigation group (an icon)',
    );
    const selection = c.menus['editor/context']?.find((m) => m.command === 'poolingLens.openSelection');
    ok(
      selection?.when?.includes('editorLangId') && selection.when.includes('python') && selection.when.includes('typescript'),
      `editor/context Pool Selection: ${selection?.when}`,
    );
    const palette = c.menus.commandPalette ?? [];
    ok(palette.find((m) => m.command === 'poolingLens.visualize')?.when?.includes('resourceExtname'), 'palette: Visualize Pooling only for data files');
    ok(palette.find((m) => m.command === 'poolingLens.openSelection')?.when?.includes('editorLangId'), 'palette: Pool Selection only in text editors');
    ok(
      !palette.some((m) => m.command === 'poolingLens.openTutorial' || m.command === 'poolingLens.open'),
      'Open Tutorial and Open File… are always in the palette',
    );

    const editor = c.customEditors.find((e) => e.viewType === 'poolingLens.editor');
    equal(editor?.priority, 'option', 'custom editor priority');
    deepEqual(
      editor?.selector.map((s) => s.filenamePattern),
      ['*.npy', '*.npz'],
      'custom editor files',
    );

    const props = c.configuration.properties;
    deepEqual(props['poolingLens.defaults.mode']?.enum, ['max', 'min', 'avg', 'sum', 'lp'], 'defaults.mode enum');
    deepEqual(props['poolingLens.convention']?.enum, ['pytorch', 'keras', 'onnx'], 'convention enum');
    deepEqual(props['poolingLens.colormap']?.enum, ['auto', 'gray', 'viridis', 'diverging'], 'colormap enum');
    equal(props['poolingLens.decimals']?.minimum, 0, 'decimals minimum');
    for (const key of ['defaults.kernel', 'defaults.stride', 'defaults.padding', 'maxFileSizeMB', 'hover.enabled'])
      ok(props[`poolingLens.${key}`], `setting poolingLens.${key}`);

    const steps = c.walkthroughs[0]?.steps ?? [];
    ok(steps.length >= 3 && steps.length <= 4, `3–4 walkthrough steps (${steps.length})`);
    ok(
      steps.some((s) => s.description.includes('command:poolingLens.openTutorial')),
      'a step runs Open Tutorial',
    );
  });

  test('the commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['poolingLens.open', 'poolingLens.visualize', 'poolingLens.openSelection', 'poolingLens.openTutorial']) {
      ok(commands.includes(id), `${id} is registered`);
    }
  });

  test('Visualize Pooling called as the Explorer calls it (uri, selection) opens the panel', async () => {
    const uri = fileUri('lens-5x5.csv');
    await vscode.commands.executeCommand('poolingLens.visualize', uri, [uri]);
    const s = await waitFor(uri.toString(), rendered, 'lens-5x5.csv renders');
    equal(s.loadError, undefined, 'no load error');
    deepEqual(s.rendered!.outputSample.slice(0, 4), [7, 9, 17, 19], 'max 2×2 stride 2 of 1..25');
    await waitForTab(() => panelTabs('lens-5x5.csv'), 'a lens-5x5.csv panel tab');
  });

  test('Visualize Pooling on several selected Explorer files opens one panel each', async () => {
    const a = fileUri('lens-5x5.csv');
    const b = fileUri('lens-4x4.npy');
    await vscode.commands.executeCommand('poolingLens.visualize', a, [a, b]);
    await waitForTab(() => panelTabs('lens-5x5.csv'), 'a lens-5x5.csv panel tab');
    await waitForTab(() => panelTabs('lens-4x4.npy'), 'a lens-4x4.npy panel tab');
    // The last one opened is in front; a hidden webview starts when it is shown.
    let s = await waitFor(b.toString(), rendered, 'lens-4x4.npy renders');
    deepEqual(s.rendered!.outputSample.slice(0, 4), [6, 8, 14, 16], 'lens-4x4.npy output');
    await vscode.commands.executeCommand('poolingLens.visualize', a);
    s = await waitFor(a.toString(), rendered, 'lens-5x5.csv renders once revealed');
    deepEqual(s.rendered!.outputSample.slice(0, 4), [7, 9, 17, 19], 'lens-5x5.csv output');
    equal(panelTabs().length, 2, 'still two panels');
  });

  test('a .json or .txt that is not numeric gets a message, not a panel', async () => {
    const memfs = new MemFs();
    const registration = vscode.workspace.registerFileSystemProvider('poollens-entry', memfs);
    try {
      const words = vscode.Uri.from({ scheme: 'poollens-entry', path: '/package.json' });
      const notes = vscode.Uri.from({ scheme: 'poollens-entry', path: '/notes.txt' });
      const numbers = vscode.Uri.from({ scheme: 'poollens-entry', path: '/numbers.json' });
      await vscode.workspace.fs.writeFile(words, new TextEncoder().encode('{ "name": "x", "version": "1.0.0" }'));
      await vscode.workspace.fs.writeFile(notes, new TextEncoder().encode('remember to buy milk\n'));
      await vscode.workspace.fs.writeFile(numbers, new TextEncoder().encode('[[1, 2], [3, 4]]'));
      const before = panelTabs().length;
      await vscode.commands.executeCommand('poolingLens.visualize', words, [words]);
      await vscode.commands.executeCommand('poolingLens.visualize', notes, [notes]);
      equal(await snapshot(words.toString()), undefined, 'no panel for package.json');
      equal(await snapshot(notes.toString()), undefined, 'no panel for notes.txt');
      equal(panelTabs().length, before, 'no new panel tab');
      await vscode.commands.executeCommand('poolingLens.visualize', numbers, [numbers]);
      const s = await waitFor(numbers.toString(), rendered, 'numbers.json renders');
      deepEqual(s.rendered!.outputSample, [4], 'a numeric .json opens');
    } finally {
      await closeAll();
      registration.dispose();
    }
  });

  test('Pool Selection in a .py file opens the literal under the cursor with the hover settings', async () => {
    await openAt('hover.py', '[5, 6, 7, 8]');
    await vscode.commands.executeCommand('poolingLens.openSelection');
    const s = await waitFor(undefined, rendered, 'hover.py literal renders');
    equal(s.loadError, undefined, 'no load error');
    equal(s.fileName, 'literal from hover.py:8', 'title names the file and line');
    deepEqual(s.rendered!.input, [4, 4], 'the whole 4×4 np.array');
    deepEqual(s.rendered!.outputSample, [6, 8, 14, 16], 'max 2×2 stride 2');
    await waitForTab(() => panelTabs('literal from hover.py:8'), 'a literal panel tab');
    await screenshot('panel-literal-python', { settleMs: 800 });
  });

  test('Pool Selection in a .ts file; a selected row pools just that row', async () => {
    await openAt('hover.ts', '[3, 1, 4, 1, 5, 9, 2, 6]');
    await vscode.commands.executeCommand('poolingLens.openSelection');
    let s = await waitFor(undefined, (p) => rendered(p) && p.fileName.startsWith('literal from hover.ts'), 'Float32Array literal renders');
    deepEqual(s.rendered!.input, [8], '1-D literal');
    deepEqual(s.rendered!.outputSample, [3, 4, 9, 6], 'max k=2 s=2 along its length');

    await openAt('hover.ts', '[9, 10, 11, 12]', true);
    await vscode.commands.executeCommand('poolingLens.openSelection');
    s = await waitFor(undefined, (p) => rendered(p) && p.fileName === 'literal from hover.ts:5', 'the selected row renders');
    deepEqual(s.rendered!.input, [4], 'only the selected row');
    deepEqual(s.rendered!.outputSample, [10, 12], 'its max pool');
  });

  test('the hover link passes { uri, start, end } and opens that literal', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('hover.ts'));
    const start = document.getText().indexOf('[\n  [1, 2, 3, 4]');
    ok(start >= 0, 'the grid literal is in hover.ts');
    await vscode.commands.executeCommand('poolingLens.openSelection', { uri: document.uri.toString(), start, end: start + 10 });
    const s = await waitFor(undefined, (p) => rendered(p) && p.fileName === 'literal from hover.ts:2', 'grid literal renders');
    deepEqual(s.rendered!.outputSample, [6, 8, 14, 16], 'max 2×2 stride 2 of the grid');
  });

  test('Pool Selection elsewhere than on a literal opens nothing', async () => {
    await openAt('hover.py', 'not an array');
    const before = panelTabs().length;
    await vscode.commands.executeCommand('poolingLens.openSelection');
    equal(panelTabs().length, before, 'no new panel');
  });

  test('a literal panel follows edits of its document', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: 'x = [[1, 2], [3, 4]]\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(document.positionAt(6), document.positionAt(6));
    await vscode.commands.executeCommand('poolingLens.openSelection');
    let s = await waitFor(undefined, (p) => rendered(p) && p.fileName.startsWith('literal from Untitled'), 'untitled literal renders');
    deepEqual(s.rendered!.outputSample, [4], 'first version');
    const key = s.uri!;
    // A line inserted above moves the literal; a value inside changes.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '# a comment\n');
    edit.replace(document.uri, new vscode.Range(document.positionAt(17), document.positionAt(18)), '40');
    ok(await vscode.workspace.applyEdit(edit), 'edit applied');
    equal(document.getText(), '# a comment\nx = [[1, 2], [3, 40]]\n', 'document after the edit');
    s = await waitFor(key, (p) => p.rendered?.outputSample[0] === 40, 'the panel re-parses the literal');
    deepEqual(s.rendered!.input, [2, 2], 'same shape');
    // Breaking the literal keeps the last good values on screen, with a notice.
    const broken = new vscode.WorkspaceEdit();
    broken.replace(document.uri, new vscode.Range(document.positionAt(16), document.positionAt(33)), 'None');
    ok(await vscode.workspace.applyEdit(broken), 'second edit applied');
    equal(document.getText(), '# a comment\nx = None\n', 'document after the second edit');
    s = await waitFor(key, (p) => p.notice !== undefined, 'a broken literal gives a notice');
    ok(/no numeric array literal there any more/.test(s.notice!), `notice: ${s.notice}`);
    deepEqual(s.rendered!.outputSample, [40], 'the last good output stays');
    // Close the panel, then the untitled document without a save prompt.
    await vscode.window.tabGroups.close(panelTabs());
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Open With… Pooling Lens shows an .npy in the read-only custom editor', async () => {
    const uri = fileUri('lens-4x4.npy');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'poolingLens.editor');
    const tab = await waitForTab(editorTabs, 'a poolingLens.editor tab');
    equal((tab.input as vscode.TabInputCustom).uri.toString(), uri.toString(), 'the custom editor shows lens-4x4.npy');
    const s = await waitFor(uri.toString(), rendered, 'the custom editor renders');
    equal(s.loadError, undefined, 'no load error');
    deepEqual(s.rendered!.outputSample, [6, 8, 14, 16], 'the same values as the panel');
    equal(panelTabs().length, 0, 'no separate panel was opened');
    await screenshot('custom-editor-npy', { settleMs: 800 });
  });

  test('a second editor on the same .npy works too (supportsMultipleEditorsPerDocument)', async () => {
    const uri = fileUri('lens-4x4.npy');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'poolingLens.editor', vscode.ViewColumn.One);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'poolingLens.editor', vscode.ViewColumn.Two);
    const until = Date.now() + 10_000;
    while (editorTabs().length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    equal(editorTabs().length, 2, 'two custom editor tabs');
    const s = await waitFor(undefined, rendered, 'the active editor renders');
    deepEqual(s.rendered!.outputSample, [6, 8, 14, 16], 'values');
  });

  test('Open Tutorial shows the 5×5 example: [[7, 9], [17, 19]] (screenshots tutorial-dark, tutorial-light)', async () => {
    await vscode.commands.executeCommand('poolingLens.openTutorial');
    const s = await waitFor(undefined, (p) => rendered(p) && p.fileName === 'Pooling Tutorial', 'the tutorial renders');
    // The explanation is computed by the core: its numbers are checked by the unit tests.
    equal(s.loadError, undefined, 'no load error');
    equal(s.rendered!.error, null, 'valid parameters');
    deepEqual(s.rendered!.input, [5, 5], '5×5 input');
    deepEqual(s.rendered!.output, [2, 2], '2×2 output');
    deepEqual(s.rendered!.outputSample, [7, 9, 17, 19], 'PyTorch max_pool2d(k=2, s=2)');
    await waitForTab(() => panelTabs('Pooling Tutorial'), 'a Pooling Tutorial tab');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('notifications.clearAll');
    try {
      await setColorTheme(darkTheme);
      await screenshot('tutorial-dark', { settleMs: 1200 });
      await setColorTheme(lightTheme);
      await screenshot('tutorial-light', { settleMs: 1200 });
    } finally {
      await setColorTheme(lightTheme);
      await vscode.commands.executeCommand('workbench.view.explorer');
    }
    // Works without a workspace file: a second Open Tutorial reveals the same panel.
    await vscode.commands.executeCommand('poolingLens.openTutorial');
    equal(panelTabs('Pooling Tutorial').length, 1, 'one tutorial tab');
  });

  test('new file panels start from the poolingLens.defaults.* settings', async () => {
    const uri = fileUri('lens-5x5.csv');
    await withSettings({ 'defaults.mode': 'avg', 'defaults.kernel': 3, 'defaults.stride': 1 }, async () => {
      await vscode.commands.executeCommand('poolingLens.open', uri);
      const s = await waitFor(uri.toString(), rendered, 'lens-5x5.csv renders');
      deepEqual(s.rendered!.output, [3, 3], 'k=3 s=1 on 5×5');
      deepEqual(s.rendered!.outputSample, [7, 8, 9, 12, 13, 14, 17, 18, 19], 'avg of each 3×3 window = its centre');
    });
  });

  test('restoring a tutorial or literal panel rebuilds it from its source; a vanished literal is explained', async () => {
    await vscode.commands.executeCommand('poolingLens.test.restorePanel', { version: 1, uri: 'pooling-lens:tutorial?id=5x5' });
    let s = await waitFor(undefined, (p) => rendered(p) && p.fileName === 'Pooling Tutorial', 'restored tutorial renders');
    deepEqual(s.rendered!.outputSample, [7, 9, 17, 19], 'restored tutorial output');
    await closeAll();

    const document = await vscode.workspace.openTextDocument(fileUri('hover.py'));
    const offset = document.getText().indexOf('np.array([[1, 2');
    const doc = encodeURIComponent(document.uri.toString());
    await vscode.commands.executeCommand('poolingLens.test.restorePanel', { version: 1, uri: `pooling-lens:literal?offset=${offset}&doc=${doc}` });
    s = await waitFor(undefined, (p) => rendered(p) && p.fileName === 'literal from hover.py:8', 'restored literal renders');
    deepEqual(s.rendered!.outputSample, [6, 8, 14, 16], 'restored literal output');
    await closeAll();

    const nowhere = document.getText().indexOf('not an array');
    await vscode.commands.executeCommand('poolingLens.test.restorePanel', { version: 1, uri: `pooling-lens:literal?offset=${nowhere}&doc=${doc}` });
    s = await waitFor(undefined, (p) => p.ready && p.loadError !== undefined, 'the vanished literal is explained');
    ok(/no longer has an array literal/.test(s.loadError!), `message: ${s.loadError}`);
  });
});
