import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers';

/*
 * src/io runs in the web extension: bundled for the browser it must need no Node built-in,
 * and must work where Buffer, require and process do not exist.
 */
describe('src/io in a browser-like sandbox', () => {
  it('bundles for the browser and reads every format without Node globals', async () => {
    const result = await build({
      entryPoints: [join(__dirname, '..', '..', 'src', 'io', 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'io',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/require\(["'](?:buffer|fs|path|zlib|node:[a-z]+)["']\)/);

    const sandbox = createContext({ TextDecoder, TextEncoder });
    runInContext(code, sandbox);
    const inputs: Record<string, number[]> = {
      'a.jpg': Array.from(fixture('jpeg', 'rgb_baseline_420.jpg')),
      'b.png': Array.from(fixture('png', 'palette2_interlaced.png')),
      'c.npz': Array.from(fixture('npz', 'savez_compressed.npz')),
      'd.npy': Array.from(fixture('npy', 'f2_be_v2.npy')),
      'e.csv': Array.from(fixture('text', 'quoted.csv')),
      'f.json': Array.from(fixture('json', 'nested_3d.json')),
    };
    sandbox['inputs'] = inputs;
    const summary = runInContext(
      `(() => {
        if (typeof Buffer !== 'undefined' || typeof require !== 'undefined' || typeof process !== 'undefined') throw new Error('not a bare sandbox');
        const out = {};
        for (const [name, bytes] of Object.entries(inputs)) {
          out[name] = io.readArraysSync(new Uint8Array(bytes), name).map((a) => a.name + ':' + a.array.shape.join('x'));
        }
        out.png = io.writePng({ shape: [2, 2], data: new Float32Array([0, 1, 2, 3]) }).length > 0;
        out.npy = io.writeNpy({ shape: [1], data: new Float64Array([1]) }).length;
        return JSON.stringify(out);
      })()`,
      sandbox,
    ) as string;
    expect(JSON.parse(summary)).toEqual({
      'a.jpg': ['a.jpg:3x13x20'],
      'b.png': ['b.png:3x9x13'],
      'c.npz': ['x:4x3', 'y:3x4x5', 'z:7'],
      'd.npy': ['d.npy:2x3'],
      'e.csv': ['e.csv:2x3'],
      'f.json': ['f.json:2x3x4'],
      png: true,
      npy: 136,
    });
  });
});
