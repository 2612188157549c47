/*
 * package.json's workspace capabilities are truthful: the extension works on virtual file
 * systems because it reads through vscode.workspace.fs (no Node fs, path or child_process in the
 * web bundle or the sources it is built from), and in Restricted Mode a workspace cannot raise
 * the size limits that protect the shared extension host.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[] }; virtualWorkspaces: unknown };
  contributes: { configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[] };
  browser: string;
};

const NODE_ONLY = /^(node:|fs$|fs\/|path$|child_process$|os$|net$|http$|https$|worker_threads$|crypto$|zlib$|stream$|url$|util$|module$)/;

/** What a bundle loads at run time with require("..."). */
function requires(code: string): string[] {
  return [...new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]!))].sort();
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('capabilities', () => {
  it('declares virtual workspaces and Restricted Mode support', () => {
    expect(manifest.capabilities.virtualWorkspaces).toBe(true);
    expect(['limited', true]).toContain(manifest.capabilities.untrustedWorkspaces.supported);
  });

  it('in Restricted Mode, every size limit comes from user settings only', () => {
    const groups = Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [manifest.contributes.configuration];
    const limits = groups.flatMap((g) => Object.keys(g.properties)).filter((k) => /max.*(size|bytes)/i.test(k));
    expect(limits.length).toBeGreaterThan(0);
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
    expect([...(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [])].sort()).toEqual(limits.sort());
  });
});

describe('no Node built-ins where the web extension runs', () => {
  it('the sources of the extension host, readers, core and protocol import none', () => {
    const offenders: string[] = [];
    for (const file of ['extension', 'io', 'core'].flatMap((d) => sources(join(ROOT, 'src', d))).concat(join(ROOT, 'src', 'protocol.ts'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(
        /\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
      )) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        if (NODE_ONLY.test(spec)) offenders.push(`${relative(ROOT, file)}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('a fresh web build requires nothing but vscode (files are read with vscode.workspace.fs)', async () => {
    const result = await esbuild.build({
      entryPoints: [join(ROOT, 'src', 'extension', 'extension.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'cjs',
      target: 'es2022',
      external: ['vscode'],
      mainFields: ['browser', 'module', 'main'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(requires(code)).toEqual(['vscode']);
    expect(code).toMatch(/workspace\.fs\.readFile\(/);
    expect(code).not.toMatch(/child_process|process\.binding|__non_webpack_require__/);
  }, 30_000);

  it('the built dist/web/extension.js (when present) requires nothing but vscode', () => {
    const built = join(ROOT, manifest.browser);
    if (!existsSync(built)) return; // not built yet: the fresh build above is the check
    expect(requires(readFileSync(built, 'utf8'))).toEqual(['vscode']);
  });
});
