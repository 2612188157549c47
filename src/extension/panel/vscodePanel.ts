/** Wires one `PanelController` to a VS Code webview panel: HTML, messages, file watching, disposal. */
import * as vscode from 'vscode';
import type { ExportFormat } from '../../protocol';
import { maxFileSizeMB, panelSettings } from '../config';
import { errorMessage } from '../logger';
import { baseName, displayPath, parentOf } from '../uris';
import { PanelController } from './controller';
import type { PanelHost, PanelInit, SaveTarget } from './controller';
import { makeNonce, renderPanelHtml } from './html';
import { loadArrays } from './load';

export const PANEL_VIEW_TYPE = 'poolingLens.panel';
/** Bursts of change events (a writer flushing in chunks) become one re-read. */
const REFRESH_DEBOUNCE_MS = 300;

export interface PanelServices {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** Runs the quick pick and opens the choice (the webview's "open another file"). */
  openOther(): Promise<void>;
  /** The panel's status (rendered, errors) changed, or it became active. */
  changed(entry: PanelEntry): void;
  disposed(entry: PanelEntry): void;
}

export interface PanelEntry {
  readonly panel: vscode.WebviewPanel;
  readonly controller: PanelController;
  readonly uri: vscode.Uri | undefined;
}

export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

export function panelIcon(extensionUri: vscode.Uri): { light: vscode.Uri; dark: vscode.Uri } {
  return {
    light: vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'panel-light.svg'),
    dark: vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'panel-dark.svg'),
  };
}

function setHtml(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, title: string): void {
  const webview = panel.webview;
  const root = webviewRoot(extensionUri);
  const asUri = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
  webview.html = renderPanelHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: asUri('main.js'),
    styleUri: asUri('main.css'),
    codiconUri: asUri('codicon.css'),
    title,
  });
}

const FORMAT_FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  npy: { 'NumPy array': ['npy'] },
  csv: { CSV: ['csv'] },
  png: { 'PNG image': ['png'] },
};

/**
 * Takes over `panel` (new or restored) for `uri`. Without a uri the panel shows `init.fatalMessage`.
 * Everything created here is disposed with the panel.
 */
export function attachPanel(
  panel: vscode.WebviewPanel,
  uri: vscode.Uri | undefined,
  init: Omit<PanelInit, 'uri' | 'fileName'> & { fileName?: string },
  services: PanelServices,
): PanelEntry {
  const { log, extensionUri } = services;
  const fileName = init.fileName ?? (uri ? baseName(uri) : panel.title);
  const disposables: vscode.Disposable[] = [];

  panel.webview.options = webviewOptions(extensionUri);
  panel.iconPath = panelIcon(extensionUri);
  panel.title = fileName;

  const showError = (message: string): void => {
    void vscode.window.showErrorMessage(`Pooling Lens: ${message}`, 'Show Log').then((choice) => {
      if (choice) log.show(true);
    });
  };

  const host: PanelHost = {
    loadFile: () => {
      if (!uri) return Promise.reject(new Error('no file'));
      return loadArrays(
        fileName,
        {
          size: async () => (await vscode.workspace.fs.stat(uri)).size,
          read: async () => vscode.workspace.fs.readFile(uri),
        },
        {
          maxFileSizeMB: maxFileSizeMB(),
          withProgress: (title, task) =>
            Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task)),
        },
      );
    },
    post: (message) => panel.webview.postMessage(message),
    log,
    showError,
    showWarning: (message) => void vscode.window.showWarningMessage(`Pooling Lens: ${message}`),
    pickSaveTarget: async (defaultName, format): Promise<SaveTarget | undefined> => {
      const folder = uri ? parentOf(uri) : vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, defaultName) } : {}),
        filters: FORMAT_FILTERS[format],
        saveLabel: 'Export',
        title: `Export the pooled output of ${fileName}`,
      });
      if (!target) return undefined;
      return { label: displayPath(target), write: (bytes) => Promise.resolve(vscode.workspace.fs.writeFile(target, bytes)) };
    },
    copyToClipboard: (text) => vscode.env.clipboard.writeText(text),
    openOther: () => services.openOther(),
    settings: panelSettings,
    changed: () => services.changed(entry),
  };

  const controller = new PanelController(host, { ...init, fileName, uri: uri?.toString() });
  const entry: PanelEntry = { panel, controller, uri };

  disposables.push(
    panel.webview.onDidReceiveMessage((message: unknown) => {
      void controller.handleMessage(message);
    }),
    panel.onDidChangeViewState(() => services.changed(entry)),
  );

  if (uri) disposables.push(...watchFile(uri, controller, log));

  panel.onDidDispose(() => {
    controller.dispose();
    for (const d of disposables.splice(0)) d.dispose();
    services.disposed(entry);
  });

  setHtml(panel, extensionUri, fileName);
  void controller.start();
  return entry;
}

/** Re-reads on change (debounced); a deletion is reported and the last good data stays. */
function watchFile(uri: vscode.Uri, controller: PanelController, log: vscode.LogOutputChannel): vscode.Disposable[] {
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
      void controller.refresh();
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
      controller.fileDeleted();
    }),
    { dispose: () => timer !== undefined && clearTimeout(timer) },
  ];
}
