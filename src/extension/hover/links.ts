/** The hover's command links; pure, so the argument encoding is unit-tested. */

export const OPEN_SELECTION_COMMAND = 'poolingLens.openSelection';
export const COPY_RESULT_COMMAND = 'poolingLens.copyHoverResult';
/** The only commands the hover's MarkdownString may run. */
export const HOVER_COMMANDS: readonly string[] = [OPEN_SELECTION_COMMAND, COPY_RESULT_COMMAND];

/** Where the literal is: document URI (string) and character offsets, end exclusive. */
export interface LiteralTarget {
  uri: string;
  start: number;
  end: number;
}

export function commandUri(command: string, args: readonly unknown[]): string {
  // Parentheses too: an unbalanced one would end the Markdown link early.
  const query = encodeURIComponent(JSON.stringify(args)).replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `command:${command}?${query}`;
}

/** "Open in Pooling Lens · Copy result"; Copy only when there is a result. */
export function hoverLinks(target: LiteralTarget, withCopy: boolean): string {
  const args = [{ uri: target.uri, start: target.start, end: target.end }];
  const links = [`[$(open-preview) Open in Pooling Lens](${commandUri(OPEN_SELECTION_COMMAND, args)} "Open this array in the Pooling Lens panel")`];
  if (withCopy) links.push(`[$(copy) Copy result](${commandUri(COPY_RESULT_COMMAND, args)} "Copy the pooled values as a nested list")`);
  return links.join(' · ');
}

/** Validates the argument a command link passes back (it arrives as untyped JSON). */
export function parseLiteralTarget(value: unknown): LiteralTarget | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { uri, start, end } = value as Record<string, unknown>;
  if (typeof uri !== 'string' || uri.length === 0) return undefined;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return undefined;
  if ((start as number) < 0 || (end as number) < (start as number)) return undefined;
  return { uri, start: start as number, end: end as number };
}
