/**
 * `npm run fuzz [-- --seconds N] [--seed S] [--format npy,png,...] [--max-bytes B] [--out DIR | --no-save]`
 * Mutates the committed fixtures and samples (and generates CSV/JSON/literal text) and checks
 * every read: arrays whose data length is the product of their shape, or a ReadError; under a
 * second; no allocation over the size limit. Failing inputs are saved to test/fuzz/crashers/
 * (replayed by test/fuzz/fuzz.test.ts) and the exit code is 1. FUZZ_SECONDS / FUZZ_SEED work too.
 */
import { FORMATS } from '../test/fuzz/inputs';
import type { FuzzFormat } from '../test/fuzz/inputs';
import { CRASHERS } from '../test/fuzz/corpus';
import { DEFAULT_FUZZ_MAX_BYTES, formatReport, fuzz } from '../test/fuzz/runner';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function number(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined || text === '') return fallback;
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`${what} must be a non-negative number, got '${text}'`);
    process.exit(2);
  }
  return v;
}

const seconds = number(option('seconds') ?? process.env.FUZZ_SECONDS, 60, '--seconds');
const seed = number(option('seed') ?? process.env.FUZZ_SEED, Date.now() % 2 ** 31, '--seed');
const maxBytes = number(option('max-bytes'), DEFAULT_FUZZ_MAX_BYTES, '--max-bytes');
const formatList = option('format')?.split(',').filter(Boolean) ?? [...FORMATS];
const unknown = formatList.filter((f) => !(FORMATS as readonly string[]).includes(f));
if (unknown.length > 0) {
  console.error(`unknown format(s) ${unknown.join(', ')}; choose from ${FORMATS.join(', ')}`);
  process.exit(2);
}

async function main(): Promise<void> {
  console.log(`fuzzing ${formatList.join(', ')} for ${seconds} s, seed ${seed} (repeat with --seed ${seed})`);
  const report = await fuzz({
    seconds,
    seed,
    formats: formatList as FuzzFormat[],
    maxBytes,
    ...(process.argv.includes('--no-save') ? {} : { saveDir: option('out') ?? CRASHERS }),
    log: (line) => console.log(line),
  });
  console.log(formatReport(report));
  process.exit(report.failures.length > 0 ? 1 : 0);
}

void main();
