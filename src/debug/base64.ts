/** Base64 decoding straight into a slice of a larger buffer (chunks land where they belong, no copies). */

const TABLE = new Int16Array(256).fill(-1);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let i = 0; i < ALPHABET.length; i++) TABLE[ALPHABET.charCodeAt(i)] = i;

/** Number of bytes `text` (standard base64, padded) decodes to; -1 if its length is impossible. */
export function decodedLength(text: string): number {
  if (text.length % 4 !== 0) return -1;
  if (text.length === 0) return 0;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - pad;
}

/** Decodes `text` into `out` at `offset`; returns the byte count, or -1 on a character outside the alphabet. */
export function decodeBase64Into(text: string, out: Uint8Array, offset: number): number {
  const n = decodedLength(text);
  if (n < 0 || offset + n > out.length) return -1;
  // Node's decoder is several times faster; the web extension host has none and uses the loop.
  const NodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: 'base64'): Uint8Array } }).Buffer;
  if (NodeBuffer && /^[A-Za-z0-9+/]*={0,2}$/.test(text.slice(-4))) {
    const decoded = NodeBuffer.from(text, 'base64');
    if (decoded.length !== n) return -1;
    out.set(decoded, offset);
    return n;
  }
  let o = offset;
  const full = n - (n % 3);
  let i = 0;
  for (const end = offset + full; o < end; i += 4) {
    const a = TABLE[text.charCodeAt(i)]!;
    const b = TABLE[text.charCodeAt(i + 1)]!;
    const c = TABLE[text.charCodeAt(i + 2)]!;
    const d = TABLE[text.charCodeAt(i + 3)]!;
    if ((a | b | c | d) < 0) return -1;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  const rest = n - full;
  if (rest > 0) {
    const a = TABLE[text.charCodeAt(i)]!;
    const b = TABLE[text.charCodeAt(i + 1)]!;
    const c = rest === 2 ? TABLE[text.charCodeAt(i + 2)]! : 0;
    if ((a | b | c) < 0) return -1;
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = v >>> 16;
    if (rest === 2) out[o++] = (v >>> 8) & 255;
  }
  return n;
}
