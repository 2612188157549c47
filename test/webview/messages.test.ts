import { describe, expect, it } from 'vitest';
import { parseHostMessage, REPLY_PARSERS } from '../../src/protocol';

const load = (over: Record<string, unknown> = {}) => ({
  type: 'load',
  fileName: 'a.npy',
  uri: 'file:///a.npy',
  arrayNames: ['a'],
  array: { name: 'a', dtype: 'float32', shape: [2, 2], storage: 'float32', buffer: new ArrayBuffer(16) },
  settings: { colormap: 'viridis', decimals: 2, convention: 'keras' },
  ...over,
});

describe('parseHostMessage', () => {
  it('accepts a well-formed load', () => {
    const r = parseHostMessage(load());
    expect(r.ok).toBe(true);
    if (r.ok && r.message.type === 'load') {
      expect(r.message.uri).toBe('file:///a.npy');
      expect(r.message.settings.convention).toBe('keras');
    }
  });

  it('rejects a buffer that does not match the shape, saying why', () => {
    const r = parseHostMessage(load({ array: { name: 'a', dtype: 'float32', shape: [3, 2], storage: 'float32', buffer: new ArrayBuffer(16) } }));
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('needs 24') });
  });

  it("takes the values from byteOffset of a larger buffer (the file's own), and refuses an offset they do not fit after", () => {
    const array = (byteOffset: unknown) => ({ name: 'a', dtype: 'float32', shape: [2, 2], storage: 'float32', buffer: new ArrayBuffer(128 + 16), byteOffset });
    const r = parseHostMessage(load({ array: array(128) }));
    expect(r.ok && r.message.type === 'load' && r.message.array.byteOffset).toBe(128);
    expect(parseHostMessage(load({ array: array(132) }))).toEqual({ ok: false, reason: expect.stringContaining('12 bytes from offset 132') });
    expect(parseHostMessage(load({ array: array(-4) })).ok).toBe(false);
    expect(parseHostMessage(load({ array: array(1.5) })).ok).toBe(false);
    // Without an offset the values start at 0.
    const plain = parseHostMessage(load());
    expect(plain.ok && plain.message.type === 'load' && plain.message.array.byteOffset).toBe(0);
  });

  it('fills in missing settings', () => {
    const r = parseHostMessage(load({ settings: undefined }));
    expect(r.ok && r.message.type === 'load' && r.message.settings).toEqual({ colormap: 'auto', decimals: 3, convention: 'pytorch' });
  });

  it('rejects unknown and malformed messages', () => {
    expect(parseHostMessage({ type: 'nope' }).ok).toBe(false);
    expect(parseHostMessage(null).ok).toBe(false);
    expect(parseHostMessage({ type: 'reply', requestId: 'x', ok: true }).ok).toBe(false);
    expect(parseHostMessage({ type: 'loadError', fileName: 'a' }).ok).toBe(false);
  });

  it('passes errors, notices and replies through', () => {
    expect(parseHostMessage({ type: 'loadError', fileName: 'a', message: 'bad' })).toEqual({
      ok: true,
      message: { type: 'loadError', fileName: 'a', message: 'bad' },
    });
    // A wait (pending) keeps its flag; anything but true is dropped.
    expect(parseHostMessage({ type: 'loadError', fileName: 'x', message: 'waiting', pending: true })).toEqual({
      ok: true,
      message: { type: 'loadError', fileName: 'x', message: 'waiting', pending: true },
    });
    expect(parseHostMessage({ type: 'loadError', fileName: 'x', message: 'm', pending: 'yes' })).toEqual({
      ok: true,
      message: { type: 'loadError', fileName: 'x', message: 'm' },
    });
    expect(parseHostMessage({ type: 'notice', level: 'warn', message: 'm' })).toEqual({ ok: true, message: { type: 'notice', level: 'warn', message: 'm' } });
    expect(parseHostMessage({ type: 'reply', requestId: 3, ok: false, message: 'no' })).toEqual({
      ok: true,
      message: { type: 'reply', requestId: 3, ok: false, message: 'no' },
    });
  });
});

describe('REPLY_PARSERS', () => {
  it('checks a reply as the reply to its request', () => {
    expect(REPLY_PARSERS.export({ ok: true, message: 'Saved a.pooled.npy' })).toEqual({ ok: true, value: { ok: true, message: 'Saved a.pooled.npy' } });
    expect(REPLY_PARSERS.copyText({ ok: false, message: 'too long' })).toEqual({ ok: true, value: { ok: false, message: 'too long' } });
    expect(REPLY_PARSERS.export({ ok: 'yes', message: 'x' }).ok).toBe(false);
    expect(REPLY_PARSERS.copyText({ ok: true }).ok).toBe(false);
  });
});
