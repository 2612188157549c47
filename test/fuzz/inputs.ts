/** Builds fuzz input number `index` of a format: a pure function of (seed, format, index) and the corpus. */
import { NPY_MUTATORS, NPZ_MUTATORS, JPEG_MUTATORS, PNG_MUTATORS } from './binary';
import { BYTE_MUTATORS, splice } from './bytes';
import { mix, Rng } from './rng';
import { decodeText, encodeText, generated, JSON_MUTATORS, LITERAL_MUTATORS, TABLE_MUTATORS } from './text';

export const READ_FORMATS = ['npy', 'npz', 'png', 'jpeg', 'csv', 'tsv', 'txt', 'json'] as const;
export const FORMATS = [...READ_FORMATS, 'literal'] as const;
export type ReadFormat = (typeof READ_FORMATS)[number];
export type FuzzFormat = (typeof FORMATS)[number];

export const EXTENSION: Record<ReadFormat, string> = {
  npy: '.npy',
  npz: '.npz',
  png: '.png',
  jpeg: '.jpg',
  csv: '.csv',
  tsv: '.tsv',
  txt: '.txt',
  json: '.json',
};

export interface CorpusFile {
  name: string;
  bytes: Uint8Array;
}
export type Corpus = Record<FuzzFormat, CorpusFile[]>;

export interface ReadInput {
  kind: 'read';
  format: ReadFormat;
  fileName: string;
  bytes: Uint8Array;
  /** How it was made: the base file and the mutations, for the report. */
  recipe: string;
}

export interface LiteralInput {
  kind: 'literal';
  format: 'literal';
  text: string;
  offset: number;
  languageId: string | undefined;
  recipe: string;
}

export type FuzzInput = ReadInput | LiteralInput;

type BinMutator = (b: Uint8Array, rng: Rng) => Uint8Array | undefined;
type TextMutator = (s: string, rng: Rng) => string;

const AWARE: Partial<Record<ReadFormat, readonly [string, BinMutator][]>> = {
  npy: NPY_MUTATORS,
  npz: NPZ_MUTATORS,
  png: PNG_MUTATORS,
  jpeg: JPEG_MUTATORS,
};
const TEXT_AWARE: Partial<Record<FuzzFormat, readonly [string, TextMutator][]>> = {
  csv: TABLE_MUTATORS,
  tsv: TABLE_MUTATORS,
  txt: TABLE_MUTATORS,
  json: JSON_MUTATORS,
  literal: LITERAL_MUTATORS,
};

const LANGUAGES = ['python', 'typescript', 'javascript', 'json', 'markdown', 'plaintext', 'matlab', 'jsonc', undefined] as const;

export function makeInput(format: FuzzFormat, seed: number, index: number, corpus: Corpus): FuzzInput {
  const rng = new Rng(mix(seed, FORMATS.indexOf(format), index));
  const files = corpus[format];
  const textual = TEXT_AWARE[format] !== undefined;
  const generatedKind = format === 'json' ? 'json' : format === 'literal' ? 'literal' : 'table';

  let bytes: Uint8Array;
  let text: string | undefined;
  const recipe: string[] = [];
  if (textual && (files.length === 0 || rng.chance(0.25))) {
    text = generated(generatedKind, seed, index);
    recipe.push(`generated ${generatedKind} #${index}`);
    bytes = new Uint8Array(0);
  } else {
    const base = rng.pick(files);
    recipe.push(base.name);
    bytes = base.bytes;
  }

  const steps = rng.chance(0.1) && recipe[0]!.startsWith('generated') ? 0 : rng.range(1, 4);
  for (let s = 0; s < steps; s++) {
    const r = rng.u32() / 4294967296;
    if (textual) {
      if (text === undefined) text = decodeText(bytes);
      if (r < 0.65) {
        const [name, m] = rng.pick(TEXT_AWARE[format]!);
        text = m(text, rng);
        recipe.push(name);
      } else if (r < 0.9 || files.length === 0) {
        const [name, m] = rng.pick(BYTE_MUTATORS);
        text = decodeText(m(new TextEncoder().encode(text), rng));
        recipe.push(name);
      } else {
        const other = rng.pick(files);
        text = decodeText(splice(new TextEncoder().encode(text), other.bytes, rng));
        recipe.push(`splice ${other.name}`);
      }
    } else {
      const aware = AWARE[format as ReadFormat];
      let out: Uint8Array | undefined;
      if (aware && r < 0.6) {
        const [name, m] = rng.pick(aware);
        out = m(bytes, rng);
        if (out) recipe.push(name);
      } else if (r > 0.92 && files.length > 1) {
        const other = rng.pick(files);
        out = splice(bytes, other.bytes, rng);
        recipe.push(`splice ${other.name}`);
      }
      if (!out) {
        const [name, m] = rng.pick(BYTE_MUTATORS);
        out = m(bytes, rng);
        recipe.push(name);
      }
      bytes = out;
    }
  }

  if (format === 'literal') {
    const t = text ?? decodeText(bytes);
    return { kind: 'literal', format, text: t, offset: literalOffset(t, rng), languageId: rng.pick(LANGUAGES), recipe: recipe.join(' + ') };
  }
  if (text !== undefined) bytes = encodeText(text, rng);
  return { kind: 'read', format, fileName: `fuzz${EXTENSION[format]}`, bytes, recipe: recipe.join(' + ') };
}

/** Mostly on a digit or bracket (where a hover would be), sometimes anywhere or out of range. */
function literalOffset(text: string, rng: Rng): number {
  if (rng.chance(0.05)) return rng.pick([-1, text.length, 1.5, NaN]);
  for (let tries = 0; tries < 8; tries++) {
    const i = rng.int(text.length);
    if (/[\d[\]().]/.test(text[i] ?? '')) return i;
  }
  return rng.int(Math.max(1, text.length));
}
