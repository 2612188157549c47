// Play and step: the selection walks the output cells in order, one per tick while playing.
import type { ExplainBar } from './explainbar';
import { linearIndex } from './linkView';

const PLAY_INTERVAL_MS = 700;

/** The output cell after `current` (or the first), in C order, wrapping around. */
export function stepCell(shape: readonly number[], current: readonly number[] | null, delta: 1 | -1 | 'first'): number[] {
  const total = shape.reduce((p, q) => p * q, 1);
  const cur = current && current.length === shape.length ? linearIndex(current, shape) : -1;
  const next = delta === 'first' || cur < 0 ? 0 : (cur + delta + total) % total;
  return unravel(next, shape);
}

function unravel(index: number, shape: readonly number[]): number[] {
  const cell = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    const n = shape[a] ?? 1;
    cell[a] = index % n;
    index = Math.floor(index / n);
  }
  return cell;
}

/** The play timer; `step` moves the selection (the current session's). */
export class Player {
  private timer = 0;

  constructor(
    private readonly bar: ExplainBar,
    private readonly step: (delta: 1 | -1 | 'first') => void,
  ) {}

  toggle(): void {
    if (this.timer) this.stop();
    else {
      this.step(1);
      this.timer = window.setInterval(() => this.step(1), PLAY_INTERVAL_MS);
      this.bar.setPlaying(true);
    }
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = 0;
    this.bar.setPlaying(false);
  }
}
