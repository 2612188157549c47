/** The seed files the fuzzer mutates: the committed reader fixtures, the samples, and earlier crashers. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { FORMATS } from './inputs';
import type { Corpus, FuzzFormat } from './inputs';

export const ROOT = join(__dirname, '..', '..');
export const CRASHERS = join(__dirname, 'crashers');

const BY_EXTENSION: Record<string, FuzzFormat> = {
  '.npy': 'npy',
  '.npz': 'npz',
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.txt': 'txt',
  '.json': 'json',
};
/** Source files whose array literals feed the literal parser. */
const LITERAL_EXTENSIONS = new Set(['.py', '.ts', '.md', '.txt', '.json']);

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function loadCorpus(): Corpus {
  const corpus = Object.fromEntries(FORMATS.map((f) => [f, []])) as unknown as Corpus;
  const add = (format: FuzzFormat, path: string): void => {
    corpus[format].push({ name: relative(ROOT, path), bytes: new Uint8Array(readFileSync(path)) });
  };
  const readerFiles = [
    ...walk(join(ROOT, 'test', 'fixtures', 'io')).filter((p) => !p.includes(`${join('io', 'expected')}`) && !p.endsWith('.py')),
    ...walk(join(ROOT, 'samples')),
    ...walk(join(CRASHERS, 'read')),
  ];
  for (const path of readerFiles) {
    const format = BY_EXTENSION[extname(path).toLowerCase()];
    if (format) add(format, path);
  }
  for (const path of [...walk(join(ROOT, 'samples')), ...walk(join(ROOT, 'test', 'vscode', 'workspace'))]) {
    if (LITERAL_EXTENSIONS.has(extname(path).toLowerCase())) add('literal', path);
  }
  return corpus;
}
