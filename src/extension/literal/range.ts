/** Keeps a literal's character range in step with edits of its document (pure). */

export interface TextRange {
  start: number;
  end: number;
}

/** One edit as VS Code reports it: `rangeLength` characters at `rangeOffset` replaced by `text`. */
export interface TextEdit {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/**
 * Where offset `p` of the old text is after `edits` (non-overlapping, all in old-text offsets,
 * as VS Code's `contentChanges`). An edit around `p` moves it to the edit's start (`side`
 * 'start') or end ('end'); text inserted exactly at an end offset stays outside the range.
 */
function mapOffset(p: number, edits: readonly TextEdit[], side: 'start' | 'end'): number {
  let shift = 0;
  let around: TextEdit | undefined;
  for (const e of edits) {
    const a = e.rangeOffset;
    const b = a + e.rangeLength;
    if (side === 'end' && a === p && b === p) continue;
    if (b <= p) shift += e.text.length - e.rangeLength;
    else if (a < p) around = e;
  }
  if (!around) return p + shift;
  return around.rangeOffset + shift + (side === 'end' ? around.text.length : 0);
}

/**
 * The range after `edits`: edits before it move it, edits inside grow or shrink it, an edit
 * across a boundary takes that boundary to its own. Never inverted.
 */
export function shiftRange(range: TextRange, edits: readonly TextEdit[]): TextRange {
  const start = mapOffset(range.start, edits, 'start');
  const end = mapOffset(range.end, edits, 'end');
  return { start, end: Math.max(start, end) };
}
