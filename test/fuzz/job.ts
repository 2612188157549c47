/** What the fuzz runner and its worker thread say to each other. */
import type { Outcome } from './check';
import type { Corpus, FuzzFormat, FuzzInput } from './inputs';

export interface FuzzJob {
  mode: 'fuzz';
  seed: number;
  formats: FuzzFormat[];
  /** Next index per format (a restarted worker resumes after the input that hung). */
  start: Partial<Record<FuzzFormat, number>>;
  deadline: number;
  maxBytes: number;
  timeLimitMs: number;
  corpus: Corpus;
  state: SharedArrayBuffer;
}

export interface ReplayJob {
  mode: 'replay';
  inputs: FuzzInput[];
  maxBytes: number;
  timeLimitMs: number;
  /** Self-test of the watchdog: the worker spins forever instead of running this input. */
  spinAt?: number;
  state: SharedArrayBuffer;
}

export interface FormatStats {
  tried: number;
  ok: number;
  rejected: number;
  failed: number;
  maxMs: number;
  /** The input that took maxMs. */
  slowest: number;
  largestAllocation: number;
}

export type WorkerMessage =
  | { type: 'failure'; format: FuzzFormat; index: number; input: FuzzInput; outcome: Outcome }
  | { type: 'stats'; stats: Partial<Record<FuzzFormat, FormatStats>> }
  | { type: 'replayed'; index: number; outcome: Outcome }
  | { type: 'done' };

/** Shared slots: [0] format index, [1] input index, [2] 1 while a call runs, [3] calls finished. */
export const SLOT = { format: 0, index: 1, busy: 2, finished: 3 } as const;
