// The import-cycle check that `npm test` runs: it passes on the source and catches a cycle.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const check = (...dirs: string[]) => spawnSync(process.execPath, ['scripts/check-cycles.mjs', ...dirs], { cwd: root, encoding: 'utf8' });

describe('scripts/check-cycles.mjs', () => {
  it('finds no cycle in src/ and webview/', () => {
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('reports a cycle, type-only imports included', () => {
    const r = check('test/fixtures/cycles');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/test\/fixtures\/cycles\/a\.ts <-> test\/fixtures\/cycles\/b\.ts/);
  });
});
