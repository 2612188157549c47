/// <reference types="mocha" />
// The hover preview in a real VS Code: `vscode.executeHoverProvider` over array literals of the
// test workspace's hover.py / hover.ts returns our table; other positions get nothing from us.
import * as vscode from 'vscode';
import { deepEqual, equal, ok } from './assert';
import { measureContrast } from './contrast';
import { screenshot } from './screenshot';
import { darkTheme, lightTheme, setColorTheme, themeKinds } from './theme';

function fileUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function markdownOf(content: vscode.MarkdownString | vscode.MarkedString): string {
  if (typeof content === 'string') return content;
  return content.value;
}

/** The text of our hovers (those naming Pooling Lens) at a position; other providers' are ignored. */
async function ourHovers(uri: vscode.Uri, position: vscode.Position): Promise<{ text: string; range: vscode.Range | undefined }[]> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers.map((h) => ({ text: h.contents.map(markdownOf).join('\n\n'), range: h.range })).filter((h) => h.text.includes('**Pooling Lens**'));
}

/** Values of the table's data rows (row-label column dropped unless `rowLabels` is false). */
function tableBody(markdown: string, rowLabels = true): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)
    .map((l) =>
      l
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.replaceAll('&nbsp;', '').trim())
        .slice(rowLabels ? 1 : 0),
    );
}

async function positionOf(document: vscode.TextDocument, needle: string, delta = 0): Promise<vscode.Position> {
  const at = document.getText().indexOf(needle);
  ok(at >= 0, `"${needle}" is in ${document.fileName}`);
  return document.positionAt(at + delta);
}

async function withHoverSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('poolingLens.hover');
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}

suite('Pooling Lens hover', function () {
  this.timeout(60_000);

  suiteSetup(async () => {
    await vscode.extensions.getExtension('pooling-lens.pooling-lens')?.activate();
  });

  test('hover.py: np.array 4×4 1..16 → [[6, 8], [14, 16]], range = the whole call', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('hover.py'));
    const hovers = await ourHovers(document.uri, await positionOf(document, '[9, 10, 11, 12]', 4));
    equal(hovers.length, 1, 'one Pooling Lens hover');
    const { text, range } = hovers[0]!;
    ok(text.includes('input `[4, 4]` → output `[2, 2]`'), `shapes in the hover: ${text}`);
    ok(text.includes('max pool · kernel 2×2 · stride 2 · padding 0'), `parameters in the hover: ${text}`);
    deepEqual(
      tableBody(text),
      [
        ['6', '8'],
        ['14', '16'],
      ],
      'pooled table',
    );
    ok(range, 'the hover has a range');
    ok(document.getText(range).startsWith('np.array([[1, 2, 3, 4],'), `range starts at the call: ${document.getText(range)}`);
    ok(document.getText(range).endsWith('[13, 14, 15, 16]])'), `range ends after the call: ${document.getText(range)}`);
    ok(text.includes('command:poolingLens.openSelection?'), 'an "Open in Pooling Lens" link');
    ok(text.includes('command:poolingLens.copyHoverResult?'), 'a "Copy result" link');
  });

  test('hover.ts: array 4×4 and a Float32Array', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('hover.ts'));
    equal(document.languageId, 'typescript', 'language of hover.ts');
    const grid = await ourHovers(document.uri, await positionOf(document, '[5, 6, 7, 8]', 1));
    equal(grid.length, 1, 'one Pooling Lens hover on the grid');
    deepEqual(
      tableBody(grid[0]!.text),
      [
        ['6', '8'],
        ['14', '16'],
      ],
      'pooled grid',
    );
    const typed = await ourHovers(document.uri, await positionOf(document, 'Float32Array', 2));
    equal(typed.length, 1, 'one Pooling Lens hover on the Float32Array');
    ok(typed[0]!.text.includes('input `[8]` → output `[4]`'), `1-D shapes: ${typed[0]!.text}`);
    deepEqual(tableBody(typed[0]!.text, false), [['3', '4', '9', '6']], 'pooled 1-D row');
  });

  test('nothing from us on strings, names, keywords, non-numeric or ragged lists', async () => {
    for (const [name, needles] of [
      ['hover.py', ['"not an array"', 'import numpy', '["max"', '[[1, 2, 3], [4, 5]]', 'label =']],
      ['hover.ts', ["'not an array'", 'export const', "['max'", '[[1, 2, 3], [4, 5]]']],
    ] as const) {
      const document = await vscode.workspace.openTextDocument(fileUri(name));
      for (const needle of needles) {
        // Offset 0: on the outer bracket of the ragged list (each row alone is a 1-D array).
        const hovers = await ourHovers(document.uri, await positionOf(document, needle));
        equal(hovers.length, 0, `Pooling Lens hovers at ${needle} in ${name}`);
      }
    }
  });

  test('the settings apply: mode avg, and hover.enabled false turns it off', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('hover.py'));
    const position = await positionOf(document, '[5, 6, 7, 8]', 1);
    await withHoverSetting('mode', 'avg', async () => {
      const hovers = await ourHovers(document.uri, position);
      equal(hovers.length, 1, 'one hover with mode avg');
      ok(hovers[0]!.text.includes('avg pool · kernel 2×2'), `avg parameters: ${hovers[0]!.text}`);
      deepEqual(
        tableBody(hovers[0]!.text),
        [
          ['3.5', '5.5'],
          ['11.5', '13.5'],
        ],
        'avg-pooled table',
      );
    });
    await withHoverSetting('enabled', false, async () => {
      equal((await ourHovers(document.uri, position)).length, 0, 'hovers while disabled');
    });
    equal((await ourHovers(document.uri, position)).length, 1, 'hovers after enabling again');
  });

  test('a document over hover.maxDocumentSizeKB is skipped (untitled document)', async () => {
    const content = `x = [[1, 2], [3, 4]]\n${'# filler line for size\n'.repeat(100)}`;
    const document = await vscode.workspace.openTextDocument({ language: 'python', content });
    const position = new vscode.Position(0, 6);
    equal((await ourHovers(document.uri, position)).length, 1, 'hovers under the default limit');
    await withHoverSetting('maxDocumentSizeKB', 1, async () => {
      equal((await ourHovers(document.uri, position)).length, 0, 'hovers over a 1 KB limit');
    });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('screenshots hover-python (light) and hover-python-dark', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('hover.py'));
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    // On the call's name: the hover opens above it and the whole 8×8 literal stays visible.
    const position = await positionOf(document, 'torch.tensor([', 8);
    await vscode.commands.executeCommand('notifications.clearAll');
    // What the screenshot shows: torch.nn.functional.max_pool2d of the 8×8 (float32 in torch and
    // here: torch.tensor floats are float32 by the one dtype rule).
    const shown = await ourHovers(document.uri, position);
    equal(shown.length, 1, 'one Pooling Lens hover on torch.tensor');
    deepEqual(
      tableBody(shown[0]!.text),
      [
        ['0.85', '0.95', '0.91', '0.83'],
        ['0.93', '0.61', '0.99', '0.76'],
        ['0.74', '0.97', '0.73', '0.86'],
        ['0.81', '0.71', '0.87', '0.92'],
      ],
      'pooled 8×8 feature map',
    );
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    for (const [theme, name] of [
      [lightTheme, 'hover-python'],
      [darkTheme, 'hover-python-dark'],
    ] as const) {
      await setColorTheme(theme);
      await vscode.commands.executeCommand('editor.action.showHover');
      await screenshot(name, { settleMs: 800 });
    }
    await setColorTheme(lightTheme);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a printed list of NumPy 2 scalars hovers like a plain list (np.float64(…) items)', async () => {
    const row = (r: number) => `[${[0, 1, 2, 3].map((c) => `np.float64(0.${r}${c}48813503927324)`).join(', ')}]`;
    const content = `import numpy as np\n\n# print(list(a)) in NumPy 2\nrows = [${[0, 1, 2, 3].map(row).join(',\n        ')}]\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'python', content });
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const position = new vscode.Position(3, 12);
    const shown = await ourHovers(document.uri, position);
    equal(shown.length, 1, 'one Pooling Lens hover on the list of np.float64');
    ok(shown[0]!.text.includes('input `[4, 4]` → output `[2, 2]`'), shown[0]!.text);
    // Max over each 2×2 window: the bottom-right item, 0.(2i+1)(2j+1)48813503927324.
    deepEqual(
      tableBody(shown[0]!.text),
      [
        ['0.1149', '0.1349'],
        ['0.3149', '0.3349'],
      ],
      'pooled 4×4 of np.float64 scalars',
    );
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover-numpy2-scalars', { settleMs: 800 });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('the hover is readable in the four theme kinds: every text ≥ 4.5:1 (no colours of ours)', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('hover.py'));
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const position = await positionOf(document, 'torch.tensor([', 8);
    await vscode.commands.executeCommand('notifications.clearAll');
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    try {
      for (const { kind, theme } of themeKinds) {
        await setColorTheme(theme);
        await vscode.commands.executeCommand('editor.action.showHover');
        const texts = await measureContrast('.monaco-hover', { settleMs: 800 });
        if (!texts) return; // desktop: said why
        ok(
          texts.some((t) => t.text.includes('Pooling Lens')),
          `${kind}: our hover is on screen (${texts.length} texts)`,
        );
        const worst = texts.reduce((a, b) => (b.ratio < a.ratio ? b : a));
        console.log(`[hover contrast] ${theme}: ${texts.length} texts, lowest ${worst.ratio}:1 (${worst.fg} on ${worst.bg}, “${worst.text}”)`);
        const low = texts.filter((t) => t.ratio < 4.5).map((t) => `${t.ratio}:1 ${t.fg} on ${t.bg} “${t.text}” (${t.where})`);
        deepEqual(low, [], `${theme}: hover texts under 4.5:1`);
        if (kind.startsWith('hc')) await screenshot(`hover-python-${kind}`, { settleMs: 0 });
      }
    } finally {
      await setColorTheme(lightTheme);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('Copy result copies the pooled values as a nested list', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('hover.py'));
    const start = document.getText().indexOf('np.array([[1');
    const target = { uri: document.uri.toString(), start, end: start + 10 };
    const copied = await vscode.commands.executeCommand<string | undefined>('poolingLens.copyHoverResult', target);
    equal(copied, '[[6, 8], [14, 16]]', 'text the command copied');
    // Headless Chromium refuses clipboard access to an unfocused page; check the clipboard
    // itself only where a probe shows it works (it does when a user clicks the hover link).
    const probe = `probe-${Date.now()}`;
    await vscode.env.clipboard.writeText(probe);
    if ((await vscode.env.clipboard.readText()) === probe) {
      await vscode.commands.executeCommand('poolingLens.copyHoverResult', target);
      equal(await vscode.env.clipboard.readText(), '[[6, 8], [14, 16]]', 'clipboard text');
    } else {
      console.log('[hover] clipboard not available to this page: checked the copied text only');
    }
    const none = await vscode.commands.executeCommand<string | undefined>('poolingLens.copyHoverResult', { uri: document.uri.toString(), start: 0, end: 3 });
    equal(none, undefined, 'nothing copied where there is no array literal');
  });

  test('a 300×300 literal in a 0.6 MB document (read ahead, in pieces of lines) hovers, and again after an edit', async () => {
    const n = 300;
    const rows = Array.from({ length: n }, (_, r) => `    [${Array.from({ length: n }, (_, c) => ((r * n + c) % 1000) / 8).join(', ')}],`);
    const content = `import numpy as np\n\nx = np.array([\n${rows.join('\n')}\n], dtype=np.float32)\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'python', content });
    const editor = await vscode.window.showTextDocument(document);
    try {
      const at = new vscode.Position(3 + 150, 20);
      const first = await ourHovers(document.uri, at);
      equal(first.length, 1, 'one Pooling Lens hover on the large literal');
      ok(first[0]!.text.includes('input `[300, 300]` → output `[150, 150]`'), `shapes: ${first[0]!.text.slice(0, 200)}`);
      // max over rows 0–1, columns 0–1: (300 + 1) / 8.
      equal(tableBody(first[0]!.text)[0]![0], '37.625', 'first pooled value');
      // The first value 0 becomes 99: the hover reads the new version.
      await editor.edit((e) => e.replace(new vscode.Range(3, 5, 3, 6), '99'));
      const again = await ourHovers(document.uri, at);
      equal(again.length, 1, 'one hover after the edit');
      equal(tableBody(again[0]!.text)[0]![0], '99', 'first pooled value after the edit');
      equal(tableBody(again[0]!.text)[0]![1], '37.875', 'second pooled value after the edit (row 1 columns 2–3: 303 / 8)');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
