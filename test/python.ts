// Cross-checks against Python libraries, run with Debian's /usr/bin/python3.
// NumPy and Pillow are part of what the suite needs (.ci/run installs them): in CI a check that
// lacks them fails. PyTorch and OpenCV are optional: a check that needs one runs when it is
// importable and is otherwise skipped, printing why (vitest itself would not say).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestContext } from 'vitest';

export const PYTHON = '/usr/bin/python3';

/** Modules .ci/run installs: missing in CI is a failure, not a skip. */
const REQUIRED_IN_CI = new Set(['numpy', 'PIL']);

const verdicts = new Map<string, string | null>();

/** Why PYTHON cannot import `module` (null when it can). Asked once per module and test file. */
export function whyNoPythonModule(module: string): string | null {
  let why = verdicts.get(module);
  if (why === undefined) {
    if (!existsSync(PYTHON)) {
      why = `${PYTHON} does not exist`;
    } else {
      const run = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8', timeout: 120_000 });
      const last = (run.stderr ?? '').trim().split('\n').pop() ?? '';
      why = run.status === 0 ? null : `${PYTHON} cannot import ${module}${last ? ` (${last})` : ''}`;
    }
    verdicts.set(module, why);
  }
  return why;
}

/**
 * Call first in a test that runs Python with `modules`: skips the test, printing the reason,
 * when one is missing; in CI a missing NumPy or Pillow fails the test instead.
 */
export function needPython(ctx: TestContext, ...modules: string[]): void {
  for (const module of modules) {
    const why = whyNoPythonModule(module);
    if (why === null) continue;
    if (process.env.CI && REQUIRED_IN_CI.has(module)) throw new Error(`${why}: CI needs it (.ci/run installs it)`);
    console.warn(`[skipped] "${ctx.task.name}": ${why}`);
    ctx.skip(why);
  }
}
