/** Every format the readers know (registry.ts holds each one's extensions and reader), in menu order. */
export const FORMAT_IDS = ['npy', 'npz', 'csv', 'tsv', 'json', 'txt', 'png', 'jpeg'] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}
