/**
 * Reads one archive per message in a worker thread whose allocations are all seen: the tracker
 * wraps the typed-array constructors before fflate and the readers load (bundled by bomb-reader.ts).
 */
import '../fuzz/alloc-install'; // first: fflate keeps its own reference to Uint8Array from load time
import { parentPort } from 'node:worker_threads';
import { arm, disarm } from '../fuzz/alloc';
import { readArraysSync } from '../../src/io';

export interface BombRequest {
  bytes: Uint8Array;
  fileName: string;
  maxBytes?: number;
  /** A single allocation over this is refused (so a regression fails fast instead of swapping). */
  bound: number;
}

export interface BombResult {
  ms: number;
  /** CPU time of the process meanwhile (user + system): less at the mercy of a loaded machine than `ms`. */
  cpuMs: number;
  /** Bytes allocated in all, and the largest single allocation. */
  total: number;
  largest: number;
  largestWhat: string;
  violation?: string;
  error?: { name: string; message: string };
  arrays?: number;
}

parentPort!.on('message', (request: BombRequest) => {
  arm(request.bound);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let result: Partial<BombResult> = {};
  try {
    const arrays = readArraysSync(request.bytes, request.fileName, request.maxBytes === undefined ? undefined : { maxBytes: request.maxBytes });
    result.arrays = arrays.length;
  } catch (e) {
    result = { error: { name: e instanceof Error ? e.name : typeof e, message: e instanceof Error ? e.message : String(e) } };
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const alloc = disarm();
  const reply: BombResult = {
    ...result,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    total: alloc.total,
    largest: alloc.largest,
    largestWhat: alloc.largestWhat,
  };
  if (alloc.violation) reply.violation = alloc.violation;
  parentPort!.postMessage(reply);
});
