import { describe, expect, it } from 'vitest';
import { Latest } from '../../webview/latest';

/** A Latest whose jobs the test finishes by hand. */
function harness() {
  const started: string[] = [];
  const finishers = new Map<string, { ok(v: string): void; fail(e: Error): void }>();
  const delivered: string[] = [];
  const failed: string[] = [];
  const latest = new Latest<string, string>(
    (args) => {
      started.push(args);
      return new Promise((ok, fail) => finishers.set(args, { ok, fail }));
    },
    (r) => delivered.push(r),
    (e) => failed.push((e as Error).message),
  );
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { latest, started, finishers, delivered, failed, tick };
}

describe('Latest (newest request only)', () => {
  it('starts one job at a time; a request made meanwhile replaces the waiting one, which never starts', async () => {
    const h = harness();
    h.latest.run('k3');
    h.latest.run('k4');
    h.latest.run('k5');
    expect(h.started).toEqual(['k3']);
    h.finishers.get('k3')!.ok('out3');
    await h.tick();
    // k3's reply is stale (k5 came since): never delivered; k4 never started.
    expect(h.delivered).toEqual([]);
    expect(h.started).toEqual(['k3', 'k5']);
    h.finishers.get('k5')!.ok('out5');
    await h.tick();
    expect(h.delivered).toEqual(['out5']);
  });

  it('delivers a reply when nothing newer was asked, and a failure the same way', async () => {
    const h = harness();
    h.latest.run('a');
    h.finishers.get('a')!.ok('A');
    await h.tick();
    expect(h.delivered).toEqual(['A']);
    h.latest.run('b');
    h.finishers.get('b')!.fail(new Error('bad b'));
    await h.tick();
    expect(h.failed).toEqual(['bad b']);
  });

  it('cancel drops the reply in flight and the request waiting', async () => {
    const h = harness();
    h.latest.run('a');
    h.latest.run('b');
    h.latest.cancel();
    h.finishers.get('a')!.ok('A');
    await h.tick();
    expect(h.started).toEqual(['a']);
    expect(h.delivered).toEqual([]);
  });
});
