import { describe, expect, it } from 'vitest';
import { parseIntro } from '../../src/protocol';
import { tutorialIntro } from '../../src/extension/tutorial/tutorial';

describe('the webview’s reading of load.intro', () => {
  it('takes the tutorial’s intro as sent', () => {
    const intro = tutorialIntro();
    expect(parseIntro({ type: 'load', intro })).toEqual(intro);
  });

  it('no intro, or one without a title: nothing to show', () => {
    expect(parseIntro({ type: 'load' })).toBeUndefined();
    expect(parseIntro({ type: 'load', intro: { paragraphs: ['x'] } })).toBeUndefined();
    expect(parseIntro({ type: 'load', intro: 'text' })).toBeUndefined();
    expect(parseIntro(null)).toBeUndefined();
  });

  it('drops malformed parts and keeps the rest', () => {
    const parsed = parseIntro({
      intro: {
        title: 'T',
        paragraphs: ['a', 3, null, 'b'],
        formulas: [{ label: 'ok', text: 'x', value: '1', correct: true }, { label: 'no flag', text: 'x', value: '1' }, 'junk'],
      },
    });
    expect(parsed).toEqual({ title: 'T', paragraphs: ['a', 'b'], formulas: [{ label: 'ok', text: 'x', value: '1', correct: true }] });
  });
});
