/** Which files the panel opens, by extension (the io readers choose the format the same way). */
import { SUPPORTED_EXTENSIONS } from '../io';

/** Lower-case extensions without the dot, e.g. ['npy', 'npz', 'csv', …]. */
export function supportedExtensions(): string[] {
  return [...new Set([...SUPPORTED_EXTENSIONS].map((e) => e.replace(/^\./, '').toLowerCase()))];
}

export function isSupportedFileName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return false;
  return supportedExtensions().includes(name.slice(dot + 1).toLowerCase());
}

/** A glob for `workspace.findFiles`, matching upper and lower case (globs there are case-sensitive). */
export function supportedFilesGlob(): string {
  const variants = supportedExtensions().flatMap((e) => (e === e.toUpperCase() ? [e] : [e, e.toUpperCase()]));
  return `**/*.{${variants.join(',')}}`;
}
