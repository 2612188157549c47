// `npm run package` as a publisher runs it, in a scratch copy of the sources (so this
// worktree's development build in dist/ stays as the other tests need it): the .vsix holds
// the production bundles without any test hook, and its README's image links are what
// README.md's "Publishing" says.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
/** What the production build and vsce read; test/ is left out, so no test bundle is built. */
const sources = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'tsconfig.json', 'scripts', 'src', 'webview', 'media'];
/** Strings only test builds contain: the test commands and the webview's window.__poolingLens hooks. */
const testOnly = ['poolingLens.test.', '__poolingLens', 'drawTimes', 'cellCenter', 'installTestHooks'];

let scratch = '';
let files: Record<string, Uint8Array> = {};
let vsixBytes = 0;
const text = (name: string): string => new TextDecoder().decode(files[name]);

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'pooling-lens-package-'));
  for (const entry of sources) cpSync(path.join(root, entry), path.join(scratch, entry), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
  const vsix = path.join(scratch, 'out.vsix');
  // `npm run package` with an output path: vsce runs vscode:prepublish (the production build).
  const script = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.package as string;
  expect(script).toMatch(/^vsce package /);
  const run = spawnSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: scratch, encoding: 'utf8', timeout: 170_000 });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  const zip = readFileSync(vsix);
  vsixBytes = zip.length;
  files = unzipSync(zip);
}, 180_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packaged .vsix', () => {
  it('holds the production bundles and documents, nothing else', () => {
    const names = Object.keys(files).sort();
    for (const must of [
      'extension/package.json',
      'extension/readme.md',
      'extension/dist/node/extension.js',
      'extension/dist/web/extension.js',
      'extension/dist/webview/main.js',
      'extension/dist/webview/main.css',
    ]) {
      expect(names, must).toContain(must);
    }
    expect(names.filter((n) => /\.map$|node_modules|\/test\/|^extension\/(src|webview|scripts)\//.test(n))).toEqual([]);
    // Minified: no source maps, no comments.
    expect(text('extension/dist/webview/main.js')).not.toMatch(/sourceMappingURL|\n\s*\/\/ /);
    console.log(`[package] ${names.length} entries, ${(vsixBytes / 1024).toFixed(0)} KB`);
  });

  it('has no test command in its manifest and no test hook in any bundle', () => {
    const manifest = JSON.parse(text('extension/package.json'));
    const commands = (manifest.contributes.commands as { command: string }[]).map((c) => c.command);
    expect(commands.filter((c) => c.startsWith('poolingLens.test.'))).toEqual([]);
    for (const name of Object.keys(files).filter((n) => /\.(js|json)$/.test(n))) {
      for (const marker of testOnly) expect(text(name).includes(marker), `${marker} in ${name}`).toBe(false);
    }
    // The development build does have them (so the check above can fail).
    const dev = readdirSync(path.join(root, 'dist/webview')).includes('main.js') ? readFileSync(path.join(root, 'dist/webview/main.js'), 'utf8') : '';
    if (dev) expect(dev).toContain('__poolingLens');
  });

  it("README's images are not rewritten to a made-up host; the publisher's base URL makes them https", () => {
    const readme = text('extension/readme.md');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const src of images) {
      expect(src, 'left relative by npm run package').not.toMatch(/^[a-z]+:/i);
      expect(existsSync(path.join(root, src)), `${src} exists for a publisher's copy to serve`).toBe(true);
    }
    // README.md's "Publishing" command: every image becomes base + its path, which vsce accepts.
    const base = 'https://raw.githubusercontent.com/OWNER/REPO/main/';
    const vsix = path.join(scratch, 'published.vsix');
    const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
    const run = spawnSync(
      process.execPath,
      [vsce, 'package', '--no-dependencies', '--baseImagesUrl', base, '--baseContentUrl', 'https://github.com/OWNER/REPO/blob/main/', '--out', vsix],
      {
        cwd: scratch,
        encoding: 'utf8',
        timeout: 170_000,
      },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const published = new TextDecoder().decode(unzipSync(readFileSync(vsix))['extension/readme.md']);
    const publishedImages = [...published.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    expect(publishedImages).toEqual(images.map((src) => base + src));
  }, 180_000);
});
