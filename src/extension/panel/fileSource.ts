/** A file as a panel source: read through `workspace.fs`, watched for changes, started with the `poolingLens.defaults.*` settings. */
import * as vscode from 'vscode';
import type { LoadedArray } from '../../io';
import { maxFileSizeMB } from '../config';
import { readDefaultParams } from '../defaultsConfig';
import type { Logger } from '../logger';
import { errorMessage } from '../logger';
import { baseName, parentOf } from '../uris';
import { initialFromDefaults } from './initialParams';
import { loadArrays } from './load';
import type { Disposable, SourceEvents } from './source';
import type { PanelSource } from './vscodePanel';

/** Bursts of change events (a writer flushing in chunks) become one re-read. */
const REFRESH_DEBOUNCE_MS = 300;

export function readFileArrays(uri: vscode.Uri, keepGoing?: () => boolean): Promise<LoadedArray[]> {
  return loadArrays(
    baseName(uri),
    {
      size: async () => (await vscode.workspace.fs.stat(uri)).size,
      read: async () => vscode.workspace.fs.readFile(uri),
    },
    {
      maxFileSizeMB: maxFileSizeMB(),
      withProgress: (title, task) => Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task)),
      ...(keepGoing ? { keepGoing } : {}),
    },
  );
}

/**
 * `preloaded`: arrays already read (e.g. to check that a .json holds numbers before opening a
 * panel); the first load returns them instead of reading the file again.
 */
export function fileSource(uri: vscode.Uri, log: Logger, preloaded?: LoadedArray[]): PanelSource {
  let pending = preloaded;
  const name = baseName(uri);
  return {
    key: uri.toString(),
    title: name,
    exportName: name,
    saveFolder: parentOf(uri),
    rereadable: true,
    load: (keepGoing) => {
      const arrays = pending;
      pending = undefined;
      return arrays ? Promise.resolve(arrays) : readFileArrays(uri, keepGoing);
    },
    initialParams: (array) => {
      const { initial, problems } = initialFromDefaults(readDefaultParams(), array.array.shape);
      for (const p of problems) log.warn(`${name}: setting poolingLens.defaults.${p}`);
      return initial;
    },
    watch: (events) => watchFile(uri, events, log),
  };
}

/** Re-reads on change (debounced); a deletion is reported and the last good data stays. */
function watchFile(uri: vscode.Uri, events: SourceEvents, log: Logger): Disposable[] {
  let watcher: vscode.FileSystemWatcher;
  try {
    watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(parentOf(uri), baseName(uri)));
  } catch (e) {
    log.warn(`${baseName(uri)}: cannot watch for changes (${errorMessage(e)}); the panel will not refresh`);
    return [];
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      events.changed();
    }, REFRESH_DEBOUNCE_MS);
  };
  const same = (changed: vscode.Uri): boolean => changed.toString() === uri.toString();
  return [
    watcher,
    watcher.onDidChange((u) => same(u) && schedule()),
    watcher.onDidCreate((u) => same(u) && schedule()),
    watcher.onDidDelete((u) => {
      if (!same(u)) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      events.deleted();
    }),
    { dispose: () => timer !== undefined && clearTimeout(timer) },
  ];
}
