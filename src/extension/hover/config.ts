import * as vscode from 'vscode';
import { hoverSettingsFrom, type HoverSettings } from './settings';

export const HOVER_SECTION = 'poolingLens.hover';

/** The hover settings for a document (resource-scoped, so folder settings apply). */
export function readHoverSettings(scope?: vscode.ConfigurationScope): HoverSettings {
  const c = vscode.workspace.getConfiguration(HOVER_SECTION, scope);
  return hoverSettingsFrom({
    enabled: c.get('enabled'),
    mode: c.get('mode'),
    kernel: c.get('kernel'),
    stride: c.get('stride'),
    padding: c.get('padding'),
    maxDocumentSizeKB: c.get('maxDocumentSizeKB'),
  });
}
