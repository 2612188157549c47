// Reading `load.intro` (the tutorial's explanation) from a host message. Pure.
import { isRecord, isString as isStr } from '../src/guards';
import type { PanelIntro } from '../src/protocol';

/** The `intro` of a host message, if well formed (the parts that are not are dropped). */
export function parseIntro(message: unknown): PanelIntro | undefined {
  if (!isRecord(message) || !isRecord(message.intro)) return undefined;
  const v = message.intro;
  if (!isStr(v.title)) return undefined;
  const intro: PanelIntro = { title: v.title, paragraphs: Array.isArray(v.paragraphs) ? v.paragraphs.filter(isStr) : [] };
  if (Array.isArray(v.formulas)) {
    intro.formulas = v.formulas
      .filter(isRecord)
      .filter((f) => isStr(f.label) && isStr(f.text) && isStr(f.value) && typeof f.correct === 'boolean')
      .map((f) => ({ label: f.label as string, text: f.text as string, value: f.value as string, correct: f.correct as boolean }));
  }
  return intro;
}
