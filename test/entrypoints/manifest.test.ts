// package.json's contributions agree with the code: menus name the formats the readers take and
// the languages the hover serves, settings offer what the panel supports, files it names exist.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_EXTENSIONS } from '../../src/io';
import { DEFAULT_MODES } from '../../src/extension/panel/initialParams';
import { COLORMAPS } from '../../webview/colormap';
import { CONVENTIONS, DECIMALS, POOL_MODES } from '../../src/protocol';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const menus: Record<string, { command: string; when?: string; group?: string }[]> = pkg.contributes.menus;
const props: Record<string, Record<string, unknown>> = pkg.contributes.configuration.properties;

/** The regular expression of a `resourceExtname =~ /…/i` when clause. */
function extRegex(when: string): RegExp {
  const m = /resourceExtname =~ \/(.+?)\/i/.exec(when);
  if (!m) throw new Error(`no resourceExtname test in: ${when}`);
  return new RegExp(m[1]!, 'i');
}

describe('package.json', () => {
  it('Visualize Pooling is offered for exactly the extensions the readers take', () => {
    const exts = [...SUPPORTED_EXTENSIONS].map((e) => (e.startsWith('.') ? e : `.${e}`));
    for (const menu of ['explorer/context', 'editor/title', 'editor/title/context', 'commandPalette']) {
      const item = menus[menu]!.find((m) => m.command === 'poolingLens.visualize');
      expect(item, menu).toBeDefined();
      const re = extRegex(item!.when!);
      for (const ext of exts) expect(re.test(ext), `${menu} ${ext}`).toBe(true);
      for (const ext of ['.py', '.gif', '.npy.bak', '.tiff', '']) expect(re.test(ext), `${menu} ${ext}`).toBe(false);
    }
    expect(menus['editor/title']!.find((m) => m.command === 'poolingLens.visualize')!.group).toMatch(/^navigation/);
  });

  it('the menus name exactly the registered formats (src/io/registry.ts); paste this clause when adding one', () => {
    const clause = `resourceExtname =~ /^\\.(${SUPPORTED_EXTENSIONS.map((e) => e.slice(1)).join('|')})$/i`;
    for (const menu of ['explorer/context', 'editor/title', 'editor/title/context', 'commandPalette']) {
      const when = menus[menu]!.find((m) => m.command === 'poolingLens.visualize')!.when!;
      expect(when.replace(/^!explorerResourceIsFolder && /, ''), menu).toBe(clause);
    }
    expect(pkg.contributes.commands.find((c: { command: string }) => c.command === 'poolingLens.visualize').icon).toMatch(/^\$\(/);
  });

  it('Pool Selection is in the editor context menu for the hover’s languages', () => {
    const languages = (pkg.activationEvents as string[]).filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length));
    for (const menu of ['editor/context', 'commandPalette']) {
      const when = menus[menu]!.find((m) => m.command === 'poolingLens.openSelection')!.when!;
      const m = /editorLangId =~ \/(.+?)\//.exec(when);
      expect(m, when).not.toBeNull();
      const re = new RegExp(m![1]!);
      for (const lang of languages) expect(re.test(lang), `${menu} ${lang}`).toBe(true);
      for (const lang of ['rust', 'go', 'pythonx']) expect(re.test(lang), `${menu} ${lang}`).toBe(false);
    }
  });

  it('settings offer what the panel supports', () => {
    expect(props['poolingLens.colormap']!.enum).toEqual(['auto', ...COLORMAPS]);
    expect(props['poolingLens.defaults.mode']!.enum).toEqual([...DEFAULT_MODES]);
    expect(props['poolingLens.convention']!.enum).toEqual(['pytorch', 'keras', 'onnx']);
    // webview/state.ts clampDecimals: 0..8.
    expect([props['poolingLens.decimals']!.minimum, props['poolingLens.decimals']!.maximum]).toEqual([0, 8]);
    // The lists and limits are declared once (src/protocol.ts); the manifest repeats them.
    expect(props['poolingLens.defaults.mode']!.enum).toEqual([...POOL_MODES]);
    expect(props['poolingLens.convention']!.enum).toEqual([...CONVENTIONS]);
    expect(props['poolingLens.decimals']).toMatchObject({ minimum: DECIMALS.min, maximum: DECIMALS.max, default: DECIMALS.default });
    for (const [key, p] of Object.entries(props)) {
      expect(typeof p.markdownDescription === 'string' || typeof p.description === 'string', `${key} has a description`).toBe(true);
      if (p.enum) expect((p.enumDescriptions as string[] | undefined)?.length ?? 0, `${key} describes its values`).toBe((p.enum as string[]).length);
    }
  });

  it('the custom editor, walkthrough media and icon exist', () => {
    expect(pkg.contributes.customEditors).toEqual([
      {
        viewType: 'poolingLens.editor',
        displayName: 'Pooling Lens',
        selector: [{ filenamePattern: '*.npy' }, { filenamePattern: '*.npz' }],
        priority: 'option',
      },
    ]);
    const steps = pkg.contributes.walkthroughs[0].steps as { description: string; media: { markdown: string } }[];
    expect(steps.length).toBeGreaterThanOrEqual(3);
    for (const step of steps) {
      expect(existsSync(path.join(root, step.media.markdown)), step.media.markdown).toBe(true);
      expect(step.description).toMatch(/\]\(command:[\w.]+/);
    }
    const icon = readFileSync(path.join(root, pkg.icon));
    expect(icon.subarray(1, 4).toString()).toBe('PNG');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([128, 128]);
    expect(pkg.repository?.url).toMatch(/^https:\/\//);
  });

  it('every command a menu or walkthrough names is contributed', () => {
    const commands = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
    for (const items of Object.values(menus)) for (const item of items) expect(commands.has(item.command), item.command).toBe(true);
    for (const step of pkg.contributes.walkthroughs[0].steps as { description: string }[]) {
      for (const [, id] of step.description.matchAll(/\(command:(poolingLens\.[\w.]+)/g)) expect(commands.has(id!), id).toBe(true);
    }
  });
});
