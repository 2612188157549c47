/** File extensions readArrays accepts, lower case with the dot. */
export const SUPPORTED_EXTENSIONS: readonly string[] = ['.npy', '.npz', '.csv', '.tsv', '.json', '.txt', '.png', '.jpg', '.jpeg'];

export const FORMAT_IDS = ['npy', 'npz', 'csv', 'tsv', 'txt', 'json', 'png', 'jpeg'] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export function formatOf(fileName: string): FormatId | undefined {
  const ext = extensionOf(fileName);
  switch (ext) {
    case '.npy':
      return 'npy';
    case '.npz':
      return 'npz';
    case '.csv':
      return 'csv';
    case '.tsv':
      return 'tsv';
    case '.txt':
      return 'txt';
    case '.json':
      return 'json';
    case '.png':
      return 'png';
    case '.jpg':
    case '.jpeg':
      return 'jpeg';
    default:
      return undefined;
  }
}

export function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}
