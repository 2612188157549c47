/** What a file's first bytes say it is, to explain a mismatch with its extension. */
const SIGNATURES: readonly (readonly [readonly number[], string])[] = [
  [[0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], 'a NumPy .npy file'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive (an .npz, or a PyTorch .pt/.pth file)'],
  [[0x50, 0x4b, 0x05, 0x06], 'an empty zip archive'],
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x42, 0x4d], 'a BMP image'],
  [[0x49, 0x49, 0x2a, 0x00], 'a TIFF image'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'a TIFF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x1f, 0x8b], 'gzip-compressed data'],
  [[0x89, 0x48, 0x44, 0x46], 'an HDF5 file'],
  [[0x80, 0x02], 'a Python pickle'],
  [[0x80, 0x03], 'a Python pickle'],
  [[0x80, 0x04], 'a Python pickle'],
  [[0x80, 0x05], 'a Python pickle'],
];

export function describeContent(bytes: Uint8Array): string | undefined {
  for (const [sig, what] of SIGNATURES) {
    if (sig.every((b, i) => bytes[i] === b)) return what;
  }
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46 && bytes[8] === 0x57 && bytes[9] === 0x45) {
    return 'a WebP image';
  }
  const first = firstNonSpace(bytes);
  if (first === 0x7b || first === 0x5b) return 'JSON or other text';
  return undefined;
}

export function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < Math.min(bytes.length, 64); i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf) return b;
  }
  return undefined;
}
