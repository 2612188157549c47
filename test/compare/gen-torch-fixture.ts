/*
 * Writes test/fixtures/compare/torch.json: what torch prints for the PyTorch snippet of every
 * case in cases.ts, so CI (without torch) still checks Compare's PyTorch column against torch.
 * Run from the repository root: npx tsx test/compare/gen-torch-fixture.ts (needs /usr/bin/python3
 * with torch; made with Debian's python3-torch 1.13).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { compareFrameworks } from '../../src/compare/index';
import { FRAMEWORK_CASES } from './cases';
import { runTorchSnippets, torchMissing } from './torch-runner';

const missing = torchMissing();
if (missing !== null) throw new Error(`cannot generate: ${missing}`);
const cases = FRAMEWORK_CASES.map((c) => {
  const col = compareFrameworks(c.input, c.options, { from: c.from }).columns.find((k) => k.framework === 'pytorch')!;
  return { name: c.name, code: col.ok ? col.code : null };
}).filter((c): c is { name: string; code: string } => c.code !== null);
const results = runTorchSnippets(cases.map((c) => c.code));
mkdirSync('test/fixtures/compare', { recursive: true });
const body = { generator: 'test/compare/gen-torch-fixture.ts', cases: cases.map((c, i) => ({ name: c.name, ...results[i]! })) };
writeFileSync('test/fixtures/compare/torch.json', JSON.stringify(body, null, 1) + '\n');
console.log(`wrote ${cases.length} cases to test/fixtures/compare/torch.json`);
