/*
 * The reader fuzzer in CI: a short, seeded run over every format (FUZZ_CI_SECONDS, default 8;
 * FUZZ_SEED to change the inputs), and a replay of every committed crasher plus a few built
 * regression inputs. In CI the time limit is the hang watchdog's (HANG_MS), not the 1 s of
 * `npm run fuzz`, so a loaded machine cannot fail it; the long runs use 1 s.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from './check';
import type { FuzzInput } from './inputs';
import { FORMATS } from './inputs';
import { formatReport, fuzz, HANG_MS, loadCrashers, replay } from './runner';
import type { FuzzReport } from './runner';

const SECONDS = Number(process.env.FUZZ_CI_SECONDS ?? 8);
const SEED = Number(process.env.FUZZ_SEED ?? 20241129);

const read = (fileName: string, text: string, format: 'csv' | 'tsv' = 'csv'): FuzzInput => ({
  kind: 'read',
  format,
  fileName,
  bytes: new TextEncoder().encode(text),
  recipe: fileName,
});

/**
 * Inputs that once hung or broke a reader, rebuilt here at a size where the old code took far
 * longer than HANG_MS (the committed crashers are the small originals).
 */
const REGRESSIONS: { name: string; input: FuzzInput; why: string }[] = [
  {
    name: 'a 200k-digit CSV field',
    why: 'text-table NUMBER regex backtracked quadratically on long digit runs (minutes at 200k digits)',
    input: read('digits.csv', `1,2,${'1'.repeat(200_000)}x\n3,4,5\n`),
  },
  {
    name: 'a 200k-digit TSV field in the second column',
    why: 'same regex, reached through the header sniffing of the first row',
    input: read('digits.tsv', `a\tb\n1\t${'9'.repeat(200_000)}.5.\n`, 'tsv'),
  },
  {
    name: 'hovering a line of a million dots',
    why: 'the literal lexer scanned to the end of the line at every `...` (quadratic: minutes for a long line)',
    input: { kind: 'literal', format: 'literal', text: `x = np${'.'.repeat(1_000_000)})`, offset: 500_000, languageId: 'javascript', recipe: 'dots' },
  },
];

describe('committed crashers and regressions replay cleanly', () => {
  const crashers = loadCrashers();
  const all = [...crashers.map((c) => ({ name: c.name, input: c.input })), ...REGRESSIONS];
  let outcomes: Outcome[] = [];
  beforeAll(async () => {
    outcomes = await replay(
      all.map((c) => c.input),
      { timeLimitMs: HANG_MS },
    );
  }, 60_000);

  it('there are crashers to replay', () => {
    expect(crashers.length).toBeGreaterThan(0);
  });

  it.each(all.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const outcome = outcomes[i];
    expect(outcome, 'replayed').toBeDefined();
    expect(outcome!.status === 'fail' ? outcome!.reason : 'ok').toBe('ok');
  });
});

describe('the watchdog', () => {
  it('stops a call that never returns, reports it as a hang, and goes on with the next input', async () => {
    const input = REGRESSIONS[0]!.input;
    const outcomes = await replay([input, input, input], { hangMs: 300, spinAt: 1 });
    expect(outcomes.map((o) => o.status)).toEqual(['ok', 'fail', 'ok']);
    expect(outcomes[1]!.reason).toBe('hang: no return after 300 ms');
  });
});

describe('short fuzz run', () => {
  let report: FuzzReport;
  beforeAll(
    async () => {
      report = await fuzz({ seconds: SECONDS, seed: SEED, timeLimitMs: HANG_MS });
    },
    (SECONDS + 30) * 1000,
  );

  it('finds no failure in any format', () => {
    expect(report.failures, formatReport(report)).toEqual([]);
  });

  it('tried every format', () => {
    for (const f of FORMATS) expect(report.stats[f]?.tried ?? 0, `${f}\n${formatReport(report)}`).toBeGreaterThan(50);
  });

  it('reached past the first checks: some inputs of every format still load', () => {
    for (const f of FORMATS) expect(report.stats[f]?.ok ?? 0, `${f}\n${formatReport(report)}`).toBeGreaterThan(0);
  });
});
