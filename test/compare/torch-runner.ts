// Runs PyTorch snippets in /usr/bin/python3 (one process for all) and reads back every `y` exactly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';

/** Why torch snippets cannot run here, or null when they can. */
export function torchMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60000 });
  if (probe.status !== 0) return `${PYTHON} cannot import torch (${(probe.stderr ?? '').trim().split('\n').pop() ?? 'no message'})`;
  return null;
}

export interface TorchResult {
  shape: number[];
  /** Python reprs of y.double(), flattened: 'nan', 'inf', '-inf' or a round-trip decimal. */
  y: string[];
}

export function runTorchSnippets(codes: readonly string[]): TorchResult[] {
  const script = [
    'import json',
    'results = []',
    ...codes.map((code) =>
      [
        'ns = {}',
        `exec(${JSON.stringify(code)}, ns)`,
        "y = ns['y']",
        "results.append({'shape': list(y.shape), 'y': [repr(v) for v in y.double().flatten().tolist()]})",
      ].join('\n'),
    ),
    'print("RESULTS:" + json.dumps(results))',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 180000, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`torch snippets failed: ${run.stderr}`);
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULTS:'));
  if (line === undefined) throw new Error(`torch snippets printed no results: ${run.stdout.slice(0, 500)}`);
  return JSON.parse(line.slice(8)) as TorchResult[];
}

export function parseRepr(v: string): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return Number(v);
}
