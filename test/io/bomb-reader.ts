/** Runs test/io/bomb-worker.ts (bundled with esbuild, like the fuzz worker) and reads archives in it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';
import type { BombRequest, BombResult } from './bomb-worker';

export class BombReader {
  private constructor(
    private readonly worker: Worker,
    private readonly dir: string,
  ) {}

  static async start(): Promise<BombReader> {
    const dir = mkdtempSync(join(tmpdir(), 'pooling-lens-bombs-'));
    const outfile = join(dir, 'bomb-worker.mjs');
    await esbuild.build({
      entryPoints: [join(__dirname, 'bomb-worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'error',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    return new BombReader(new Worker(outfile), dir);
  }

  read(request: BombRequest): Promise<BombResult> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      const onExit = (code: number): void => reject(new Error(`the bomb worker exited (code ${code}) while reading ${request.fileName}`));
      this.worker.once('error', onError);
      this.worker.once('exit', onExit);
      this.worker.once('message', (m: BombResult) => {
        this.worker.off('error', onError);
        this.worker.off('exit', onExit);
        resolve(m);
      });
      this.worker.postMessage(request);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
