import { nextMarker } from './jpegMarkers';
import type { Steps } from './steps';

/**
 * Huffman-coded JPEG (baseline, extended sequential and progressive) to quantized DCT
 * coefficients, following libjpeg-turbo's jdhuff.c / jdphuff.c / jdmarker.c wherever the
 * result can differ: quantization tables latched at a component's first scan, the 16-bit
 * coefficient store, progressive refinement, restart-marker resynchronisation, and zeros
 * for entropy data that ends early. The caller (jpeg.ts) checks the marker structure and
 * the size limit first.
 */

export interface CoefficientComponent {
  id: number;
  h: number;
  v: number;
  /** Blocks per row and column that hold image data (libjpeg's width_in_blocks/height_in_blocks). */
  widthInBlocks: number;
  heightInBlocks: number;
  /** Allocated blocks per row (≥ widthInBlocks: interleaved MCUs are padded). */
  blocksPerLine: number;
  blocksPerColumn: number;
  /** 64 coefficients per block, natural order, block-row-major. */
  coefficients: Int16Array;
  /** The quantization table latched at the component's first scan (natural order). */
  quant: Int16Array | undefined;
  quantId: number;
  /** Per zigzag position, the lowest bit a progressive scan has sent so far (−1: none), as libjpeg's coef_bits. */
  coefBits: Int8Array;
}

export interface CoefficientFrame {
  width: number;
  height: number;
  progressive: boolean;
  maxH: number;
  maxV: number;
  components: CoefficientComponent[];
  /**
   * True when libjpeg would smooth blocks on output (jdcoefct.c smoothing_ok): a progressive
   * JPEG whose scans stop before the low AC coefficients are complete (a partial download).
   */
  incompleteProgressive: boolean;
}

/** Zigzag → natural order, padded with 63 as libjpeg's jpeg_natural_order is, so runs past 63 are harmless. */
const NATURAL = new Int32Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22,
  15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
]);

const LOOKAHEAD = 9;
/** libjpeg-turbo's tools offer a scan limit against crafted files; this is ours. */
const MAX_SCANS = 1000;

interface HuffmanTable {
  /** (length << 8) | symbol for codes of ≤ LOOKAHEAD bits, indexed by the next LOOKAHEAD bits; 0 = longer. */
  lookup: Uint16Array;
  /** Largest code of each length 1..16 (−1: none), and where its symbols start in `values`. */
  maxCode: Int32Array;
  valueOffset: Int32Array;
  values: Uint8Array;
}

/** Estimated bytes of coefficient storage, so the caller can refuse before anything is allocated. */
export function coefficientBytes(width: number, height: number, sampling: readonly { h: number; v: number }[]): number {
  const { blocksPerLine, blocksPerColumn } = layout(width, height, sampling);
  let total = 0;
  for (let i = 0; i < sampling.length; i++) total += blocksPerLine[i]! * blocksPerColumn[i]! * 128;
  return total;
}

function layout(width: number, height: number, sampling: readonly { h: number; v: number }[]) {
  const maxH = Math.max(...sampling.map((c) => c.h));
  const maxV = Math.max(...sampling.map((c) => c.v));
  const single = sampling.length === 1;
  const mcusX = Math.ceil(width / (8 * maxH));
  const mcusY = Math.ceil(height / (8 * maxV));
  const widthInBlocks = sampling.map((c) => Math.ceil((width * c.h) / (maxH * 8)));
  const heightInBlocks = sampling.map((c) => Math.ceil((height * c.v) / (maxV * 8)));
  const blocksPerLine = sampling.map((c, i) => (single ? widthInBlocks[i]! : mcusX * c.h));
  const blocksPerColumn = sampling.map((c, i) => (single ? heightInBlocks[i]! : mcusY * c.v));
  return { maxH, maxV, mcusX, mcusY, widthInBlocks, heightInBlocks, blocksPerLine, blocksPerColumn };
}

class CorruptJpeg extends Error {}

/**
 * Decodes every scan of a JPEG whose markers `scanMarkers` has already validated, yielding
 * after every run of MCU rows that holds about `pieceBlocks` blocks (steps.ts).
 * Throws `fail(message)` (a ReadError) for data libjpeg also refuses.
 */
export function* coefficientSteps(bytes: Uint8Array, fail: (message: string) => never, pieceBlocks: number): Steps<CoefficientFrame> {
  const quantTables: (Int16Array | undefined)[] = [];
  const dcTables: (HuffmanTable | undefined)[] = [];
  const acTables: (HuffmanTable | undefined)[] = [];
  let restartInterval = 0;
  let frame: CoefficientFrame | undefined;
  let mcusX = 0;
  let mcusY = 0;
  let scans = 0;

  let o = 2;
  try {
    for (;;) {
      if (o + 1 >= bytes.length) break;
      if (bytes[o] !== 0xff) {
        o++; // garbage between segments: libjpeg skips it (with a warning)
        continue;
      }
      const marker = bytes[o + 1]!;
      if (marker === 0xff) {
        o++;
        continue;
      }
      if (marker === 0xd9) break;
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0x00) {
        o += 2;
        continue;
      }
      const length = (bytes[o + 2]! << 8) | bytes[o + 3]!;
      const body = bytes.subarray(o + 4, o + 2 + length);
      const end = o + 2 + length;
      switch (marker) {
        case 0xdb:
          readQuantTables(body, quantTables);
          break;
        case 0xc4:
          readHuffmanTables(body, dcTables, acTables);
          break;
        case 0xdd:
          if (body.length < 2) throw new CorruptJpeg('the restart interval segment is too short.');
          restartInterval = (body[0]! << 8) | body[1]!;
          break;
        case 0xc0:
        case 0xc1:
        case 0xc2: {
          const width = (body[3]! << 8) | body[4]!;
          const height = (body[1]! << 8) | body[2]!;
          const count = body[5]!;
          const sampling = [];
          for (let i = 0; i < count; i++) {
            const f = body[7 + 3 * i]!;
            sampling.push({ id: body[6 + 3 * i]!, h: f >> 4, v: f & 15, quantId: body[8 + 3 * i]! });
          }
          if (new Set(sampling.map((c) => c.id)).size !== count) throw new CorruptJpeg('two components of the frame share an id.');
          const l = layout(width, height, sampling);
          mcusX = l.mcusX;
          mcusY = l.mcusY;
          frame = {
            width,
            height,
            progressive: marker === 0xc2,
            maxH: l.maxH,
            maxV: l.maxV,
            components: sampling.map((c, i) => ({
              ...c,
              widthInBlocks: l.widthInBlocks[i]!,
              heightInBlocks: l.heightInBlocks[i]!,
              blocksPerLine: l.blocksPerLine[i]!,
              blocksPerColumn: l.blocksPerColumn[i]!,
              coefficients: new Int16Array(l.blocksPerLine[i]! * l.blocksPerColumn[i]! * 64),
              quant: undefined,
              coefBits: new Int8Array(64).fill(-1),
            })),
            incompleteProgressive: false,
          };
          break;
        }
        case 0xda: {
          if (!frame) throw new CorruptJpeg('a scan before the frame header.');
          // Each scan walks the whole image: thousands of tiny scans would take minutes.
          if (++scans > MAX_SCANS) throw new CorruptJpeg(`more than ${MAX_SCANS} scans (a progressive JPEG has about 10).`);
          const scan = readScanHeader(body, frame, quantTables, dcTables, acTables);
          o = yield* scanSteps(bytes, end, frame, scan, restartInterval, mcusX, mcusY, pieceBlocks);
          continue;
        }
        default:
          break;
      }
      o = end;
    }
  } catch (e) {
    if (e instanceof CorruptJpeg) fail(`corrupt: ${e.message}`);
    throw e;
  }
  if (!frame) return fail('no frame header (SOF marker) found.');
  frame.incompleteProgressive = frame.progressive && smoothingWouldApply(frame.components);
  return frame;
}

/** Natural-order positions of the DC and the first 9 AC coefficients (zigzag 0–9), which libjpeg's smoothing uses. */
const SMOOTHED = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24];

/** libjpeg-turbo's smoothing_ok: every DC partly known, no zero quantizer, and some of zigzag 1–9 unfinished. */
function smoothingWouldApply(components: readonly CoefficientComponent[]): boolean {
  let useful = false;
  for (const c of components) {
    if (!c.quant || SMOOTHED.some((pos) => c.quant![pos] === 0) || c.coefBits[0]! < 0) return false;
    for (let k = 1; k < SMOOTHED.length; k++) if (c.coefBits[k] !== 0) useful = true;
  }
  return useful;
}

function readQuantTables(body: Uint8Array, tables: (Int16Array | undefined)[]): void {
  let p = 0;
  while (p < body.length) {
    const precision = body[p]! >> 4;
    const id = body[p]! & 15;
    p++;
    if (id > 3) throw new CorruptJpeg(`quantization table id ${id} (0–3 allowed).`);
    if (precision > 1) throw new CorruptJpeg(`quantization table precision ${precision}.`);
    const size = precision === 0 ? 64 : 128;
    if (p + size > body.length) throw new CorruptJpeg('a quantization table segment is too short.');
    // Natural order; stored as libjpeg's 16-bit multipliers (values over 32767 wrap, as there).
    const table = new Int16Array(64);
    for (let k = 0; k < 64; k++) table[NATURAL[k]!] = precision === 0 ? body[p + k]! : (body[p + 2 * k]! << 8) | body[p + 2 * k + 1]!;
    tables[id] = table;
    p += size;
  }
}

function readHuffmanTables(body: Uint8Array, dc: (HuffmanTable | undefined)[], ac: (HuffmanTable | undefined)[]): void {
  let p = 0;
  while (p < body.length) {
    if (p + 17 > body.length) throw new CorruptJpeg('a Huffman table segment is too short.');
    const cls = body[p]! >> 4;
    const id = body[p]! & 15;
    if (cls > 1 || id > 3) throw new CorruptJpeg(`Huffman table class ${cls} id ${id}.`);
    const counts = body.subarray(p + 1, p + 17);
    let total = 0;
    for (let i = 0; i < 16; i++) total += counts[i]!;
    if (total > 256 || p + 17 + total > body.length) throw new CorruptJpeg('a Huffman table segment is too short.');
    const values = body.slice(p + 17, p + 17 + total);
    if (cls === 0) {
      // libjpeg accepts only DC symbols 0..15 (bits of a difference).
      for (const s of values) if (s > 15) throw new CorruptJpeg(`DC Huffman symbol ${s} (0–15 allowed).`);
    }
    (cls === 0 ? dc : ac)[id] = buildHuffman(counts, values);
    p += 17 + total;
  }
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const lookup = new Uint16Array(1 << LOOKAHEAD);
  const maxCode = new Int32Array(18).fill(-1);
  const valueOffset = new Int32Array(18);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    const n = counts[len - 1]!;
    valueOffset[len] = k - code;
    for (let i = 0; i < n; i++, k++, code++) {
      if (len <= LOOKAHEAD) {
        const shift = LOOKAHEAD - len;
        const entry = (len << 8) | values[k]!;
        for (let j = code << shift, e = (code + 1) << shift; j < e; j++) lookup[j] = entry;
      }
    }
    if (n > 0) maxCode[len] = code - 1;
    // libjpeg: a code that no longer fits its length is a bad table.
    if (code > 1 << len) throw new CorruptJpeg('a Huffman table has more codes than fit.');
    code <<= 1;
  }
  return { lookup, maxCode, valueOffset, values };
}

interface ScanComponent {
  component: CoefficientComponent;
  dc: HuffmanTable | undefined;
  ac: HuffmanTable | undefined;
}

interface Scan {
  components: ScanComponent[];
  ss: number;
  se: number;
  ah: number;
  al: number;
}

function readScanHeader(
  body: Uint8Array,
  frame: CoefficientFrame,
  quantTables: readonly (Int16Array | undefined)[],
  dcTables: readonly (HuffmanTable | undefined)[],
  acTables: readonly (HuffmanTable | undefined)[],
): Scan {
  const n = body[0] ?? 0;
  if (n < 1 || n > 4 || body.length < 1 + 2 * n + 3) throw new CorruptJpeg(`a scan header declares ${n} components.`);
  const components: ScanComponent[] = [];
  for (let i = 0; i < n; i++) {
    const id = body[1 + 2 * i]!;
    const component = frame.components.find((c) => c.id === id);
    if (!component || components.some((s) => s.component === component))
      throw new CorruptJpeg(`a scan names component id ${id}, which the frame does not have (or twice).`);
    const t = body[2 + 2 * i]!;
    components.push({ component, dc: dcTables[t >> 4], ac: acTables[t & 15] });
  }
  const ss = body[1 + 2 * n]!;
  const se = body[2 + 2 * n]!;
  const ah = body[3 + 2 * n]! >> 4;
  const al = body[3 + 2 * n]! & 15;
  let blocksInMcu = 0;
  for (const s of components) blocksInMcu += n === 1 ? 1 : s.component.h * s.component.v;
  if (blocksInMcu > 10) throw new CorruptJpeg(`an MCU of ${blocksInMcu} blocks (at most 10 allowed).`);
  if (frame.progressive) {
    // jdphuff.c start_pass_phuff_decoder's checks.
    const bad = ss === 0 ? se !== 0 : se < ss || se > 63 || n !== 1;
    if (bad || (ah !== 0 && al !== ah - 1) || al > 13) throw new CorruptJpeg(`invalid progressive scan parameters Ss=${ss} Se=${se} Ah=${ah} Al=${al}.`);
  }
  // A sequential scan with other Ss/Se/Ah/Al: libjpeg only warns and decodes the full band.
  for (const s of components) {
    if (!s.component.quant) {
      const q = quantTables[s.component.quantId];
      if (!q) throw new CorruptJpeg(`quantization table ${s.component.quantId} is used but not defined.`);
      s.component.quant = q.slice();
    }
    const needDc = !frame.progressive || (ss === 0 && ah === 0);
    const needAc = !frame.progressive || ss !== 0;
    if ((needDc && !s.dc) || (needAc && !s.ac)) throw new CorruptJpeg('a scan uses a Huffman table that is not defined.');
  }
  if (!frame.progressive) return { components, ss: 0, se: 63, ah: 0, al: 0 };
  // libjpeg records the scan's bit position as soon as the scan starts (jdphuff.c start_pass).
  for (const s of components) for (let k = ss; k <= se; k++) s.component.coefBits[k] = al;
  return { components, ss, se, ah, al };
}

/**
 * Reads entropy-coded bits: FF 00 is a data FF; a marker ends the data and zeros follow. As in
 * libjpeg, `insufficient` is set once a bit past the real data is consumed: the current MCU is
 * finished with zeros and the following ones are left untouched until a restart marker.
 */
class BitReader {
  acc = 0;
  bits = 0;
  /** How many of the low `bits` are zeros added after the data ended. */
  padding = 0;
  insufficient = false;
  /** Offset of the marker that ended the data, or −1 while data lasts. */
  marker = -1;
  constructor(
    private readonly data: Uint8Array,
    public pos: number,
  ) {}

  fill(): void {
    const data = this.data;
    while (this.bits <= 16) {
      let byte = 0;
      if (this.marker < 0) {
        const p = this.pos;
        if (p >= data.length) {
          this.marker = data.length;
        } else if (data[p] !== 0xff) {
          byte = data[p]!;
          this.pos = p + 1;
        } else {
          let q = p + 1;
          while (q < data.length && data[q] === 0xff) q++; // fill bytes
          if (q < data.length && data[q] === 0) {
            byte = 0xff;
            this.pos = q + 1;
          } else {
            this.marker = q - 1;
            this.pos = q - 1;
          }
        }
      }
      if (this.marker >= 0) this.padding += 8;
      this.acc = ((this.acc << 8) | byte) & 0xffffff;
      this.bits += 8;
    }
  }

  private consume(n: number): void {
    this.bits -= n;
    if (this.bits < this.padding) {
      this.insufficient = true;
      this.padding = this.bits;
    }
  }

  get(n: number): number {
    if (n === 0) return 0;
    if (this.bits < n) this.fill();
    this.consume(n);
    return (this.acc >> this.bits) & ((1 << n) - 1);
  }

  decode(t: HuffmanTable): number {
    if (this.bits < 16) this.fill();
    const peek = (this.acc >> (this.bits - LOOKAHEAD)) & ((1 << LOOKAHEAD) - 1);
    const entry = t.lookup[peek]!;
    if (entry !== 0) {
      this.consume(entry >> 8);
      return entry & 255;
    }
    for (let len = LOOKAHEAD + 1; len <= 16; len++) {
      const code = (this.acc >> (this.bits - len)) & ((1 << len) - 1);
      if (code <= t.maxCode[len]!) {
        this.consume(len);
        return t.values[t.valueOffset[len]! + code]!;
      }
    }
    // libjpeg warns "bad Huffman code" and decodes a zero; refusing is clearer.
    throw new CorruptJpeg('a bad Huffman code in the image data.');
  }

  /** Drops buffered bits at a restart boundary. */
  reset(): void {
    this.acc = 0;
    this.bits = 0;
    this.padding = 0;
  }
}

function extend(v: number, s: number): number {
  return v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
}

interface ScanState {
  bytes: Uint8Array;
  reader: BitReader;
  scan: Scan;
  progressive: boolean;
  single: boolean;
  mcusPerLine: number;
  restartInterval: number;
  /** The blocks of one MCU, in scan order: which scan component each belongs to, and where in the MCU it lies. */
  blockComp: number[];
  blockDx: number[];
  blockDy: number[];
  lastDc: Int32Array;
  eob: { run: number };
  nextRestart: number;
}

/**
 * Decodes one scan, yielding after every run of MCU rows that holds about `pieceBlocks` blocks;
 * returns the offset of the marker after it.
 */
function* scanSteps(
  bytes: Uint8Array,
  start: number,
  frame: CoefficientFrame,
  scan: Scan,
  restartInterval: number,
  mcusX: number,
  mcusY: number,
  pieceBlocks: number,
): Steps<number> {
  const reader = new BitReader(bytes, start);
  const comps = scan.components;
  const single = comps.length === 1;
  const first = comps[0]!.component;
  const mcusPerLine = single ? first.widthInBlocks : mcusX;
  const mcuRows = single ? first.heightInBlocks : mcusY;

  const blockComp: number[] = [];
  const blockDx: number[] = [];
  const blockDy: number[] = [];
  for (let ci = 0; ci < comps.length; ci++) {
    const c = comps[ci]!.component;
    const h = single ? 1 : c.h;
    const v = single ? 1 : c.v;
    for (let y = 0; y < v; y++) {
      for (let x = 0; x < h; x++) {
        blockComp.push(ci);
        blockDx.push(x);
        blockDy.push(y);
      }
    }
  }
  const state: ScanState = {
    bytes,
    reader,
    scan,
    progressive: frame.progressive,
    single,
    mcusPerLine,
    restartInterval,
    blockComp,
    blockDx,
    blockDy,
    lastDc: new Int32Array(comps.length),
    eob: { run: 0 },
    nextRestart: 0,
  };
  const rowsPerPiece = Math.max(1, Math.floor(pieceBlocks / (mcusPerLine * blockComp.length)));
  for (let row = 0; row < mcuRows; row += rowsPerPiece) {
    if (row > 0) yield;
    decodeMcuRows(state, row, Math.min(mcuRows, row + rowsPerPiece));
  }
  // After the scan: the next marker (libjpeg skips leftover bytes before it).
  return reader.marker >= 0 ? reader.marker : nextMarker(bytes, reader.pos, false);
}

/** Decodes MCU rows [rowStart, rowEnd) of a scan: the hot loop, kept out of the generator. */
function decodeMcuRows(state: ScanState, rowStart: number, rowEnd: number): void {
  const { bytes, reader, scan, progressive, single, mcusPerLine, restartInterval, blockComp, blockDx, blockDy, lastDc, eob } = state;
  const comps = scan.components;
  const { ss, se, ah, al } = scan;
  for (let mcuRow = rowStart; mcuRow < rowEnd; mcuRow++) {
    for (let mcuCol = 0, m = mcuRow * mcusPerLine; mcuCol < mcusPerLine; mcuCol++, m++) {
      if (restartInterval > 0 && m > 0 && m % restartInterval === 0) {
        processRestart(bytes, reader, state.nextRestart);
        state.nextRestart = (state.nextRestart + 1) & 7;
        lastDc.fill(0);
        eob.run = 0;
      }
      // libjpeg leaves the MCUs after the data ran out as they are (zeros, or earlier scans').
      if (reader.insufficient) continue;
      for (let b = 0; b < blockComp.length; b++) {
        const ci = blockComp[b]!;
        const sc = comps[ci]!;
        const c = sc.component;
        const h = single ? 1 : c.h;
        const v = single ? 1 : c.v;
        const row = mcuRow * v + blockDy[b]!;
        const col = mcuCol * h + blockDx[b]!;
        const offset = (row * c.blocksPerLine + col) * 64;
        const coef = c.coefficients;
        if (!progressive) {
          let s = reader.decode(sc.dc!);
          const diff = s === 0 ? 0 : extend(reader.get(s), s);
          lastDc[ci] = lastDc[ci]! + diff;
          coef[offset] = lastDc[ci]!;
          const ac = sc.ac!;
          for (let k = 1; k < 64; k++) {
            const rs = reader.decode(ac);
            const r = rs >> 4;
            s = rs & 15;
            if (s !== 0) {
              k += r;
              coef[offset + NATURAL[k]!] = extend(reader.get(s), s);
            } else {
              if (r !== 15) break;
              k += 15;
            }
          }
        } else if (ss === 0) {
          if (ah === 0) {
            const s = reader.decode(sc.dc!);
            const diff = s === 0 ? 0 : extend(reader.get(s), s);
            lastDc[ci] = lastDc[ci]! + diff;
            coef[offset] = lastDc[ci]! * (1 << al);
          } else if (reader.get(1)) {
            coef[offset] = coef[offset]! | (1 << al);
          }
        } else if (ah === 0) {
          decodeAcFirst(reader, sc.ac!, coef, offset, ss, se, al, eob);
        } else {
          decodeAcRefine(reader, sc.ac!, coef, offset, ss, se, al, eob);
        }
      }
    }
  }
}

function decodeAcFirst(reader: BitReader, ac: HuffmanTable, coef: Int16Array, offset: number, ss: number, se: number, al: number, eob: { run: number }): void {
  if (eob.run > 0) {
    eob.run--;
    return;
  }
  for (let k = ss; k <= se; k++) {
    const rs = reader.decode(ac);
    const r = rs >> 4;
    const s = rs & 15;
    if (s !== 0) {
      k += r;
      coef[offset + NATURAL[k]!] = extend(reader.get(s), s) * (1 << al);
    } else if (r === 15) {
      k += 15;
    } else {
      let run = 1 << r;
      if (r !== 0) run += reader.get(r);
      eob.run = run - 1;
      break;
    }
  }
}

function decodeAcRefine(reader: BitReader, ac: HuffmanTable, coef: Int16Array, offset: number, ss: number, se: number, al: number, eob: { run: number }): void {
  const p1 = 1 << al;
  const m1 = -1 << al;
  let k = ss;
  if (eob.run === 0) {
    for (; k <= se; k++) {
      const rs = reader.decode(ac);
      let r = rs >> 4;
      let s = rs & 15;
      if (s !== 0) {
        // libjpeg warns when s ≠ 1 and goes on as if it were 1.
        s = reader.get(1) ? p1 : m1;
      } else if (r !== 15) {
        eob.run = 1 << r;
        if (r !== 0) eob.run += reader.get(r);
        break;
      }
      // Skip already-nonzero coefficients (refining each) and r zero ones.
      do {
        const at = offset + NATURAL[k]!;
        const value = coef[at]!;
        if (value !== 0) {
          if (reader.get(1) && (value & p1) === 0) coef[at] = value >= 0 ? value + p1 : value + m1;
        } else {
          if (--r < 0) break;
        }
        k++;
      } while (k <= se);
      if (s !== 0) coef[offset + NATURAL[k]!] = s;
    }
  }
  if (eob.run > 0) {
    for (; k <= se; k++) {
      const at = offset + NATURAL[k]!;
      const value = coef[at]!;
      if (value !== 0 && reader.get(1) && (value & p1) === 0) coef[at] = value >= 0 ? value + p1 : value + m1;
    }
    eob.run--;
  }
}

/**
 * At a restart boundary, libjpeg (jdmarker.c read_restart_marker / jpeg_resync_to_restart)
 * expects RST`expected`: it takes that one (or one too far from it) and goes on; it leaves a
 * marker that is not a restart, or one of the next two restarts, unread (the data of this
 * interval is then missing); it skips over older restarts.
 */
function processRestart(bytes: Uint8Array, reader: BitReader, expected: number): void {
  reader.reset();
  let at = reader.marker >= 0 ? reader.marker : nextMarker(bytes, reader.pos, false);
  for (;;) {
    if (at + 1 >= bytes.length) {
      reader.marker = bytes.length;
      return;
    }
    const marker = bytes[at + 1]!;
    const rst = marker - 0xd0;
    let action: 1 | 2 | 3;
    if (rst === expected) action = 1;
    else if (marker < 0xc0) action = 2;
    else if (rst < 0 || rst > 7) action = 3;
    else if (rst === ((expected + 1) & 7) || rst === ((expected + 2) & 7)) action = 3;
    else if (rst === ((expected - 1) & 7) || rst === ((expected - 2) & 7)) action = 2;
    else action = 1;
    if (action === 1) {
      reader.marker = -1;
      reader.pos = at + 2;
      reader.insufficient = false;
      return;
    }
    if (action === 3) {
      reader.marker = at;
      reader.pos = at;
      return;
    }
    at = nextMarker(bytes, at + 2, false);
  }
}
