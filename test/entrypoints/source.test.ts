import { describe, expect, it } from 'vitest';
import { debugKey } from '../../src/extension/debug/present';
import { literalKey, parseSourceKey, tutorialKey } from '../../src/extension/panel/source';

describe('source keys (what a restored panel is rebuilt from)', () => {
  it('a literal key round-trips the document URI and offset, whatever the URI holds', () => {
    for (const doc of ['file:///home/u/arrays.py', 'vscode-test-web://mount/hover.py', 'untitled:Untitled-1', 'file:///a%20b/c&d=e+f?.py#frag']) {
      expect(parseSourceKey(literalKey(doc, 123))).toEqual({ kind: 'literal', document: doc, offset: 123 });
    }
  });

  it('the tutorial key round-trips its id', () => {
    expect(parseSourceKey(tutorialKey('5x5'))).toEqual({ kind: 'tutorial', id: '5x5' });
  });

  it('a debugger key round-trips its expression and layer (the panel reads them again after a reload)', () => {
    for (const target of [{ expression: 'x' }, { expression: 'batch[0, :, 1:3]' }, { expression: 'imgs["a&b=c"]', layer: 'model.pool1' }]) {
      expect(parseSourceKey(debugKey(target))).toEqual({ kind: 'debug', ...target });
    }
  });

  it('any other text is a file URI', () => {
    expect(parseSourceKey('file:///w/m.csv')).toEqual({ kind: 'file', uri: 'file:///w/m.csv' });
  });

  it('malformed keys of ours are rejected, not read as files', () => {
    for (const bad of [
      'pooling-lens:literal?offset=-1&doc=file%3A%2F%2F%2Fa.py',
      'pooling-lens:literal?offset=1.5&doc=file%3A%2F%2F%2Fa.py',
      'pooling-lens:literal?offset=abc&doc=x',
      'pooling-lens:literal?offset=3',
      'pooling-lens:tutorial?',
      'pooling-lens:debug?expr=',
      'pooling-lens:debug?layer=model.pool1',
      'pooling-lens:something-else',
      '',
    ]) {
      expect(parseSourceKey(bad), bad).toBeUndefined();
    }
  });
});
