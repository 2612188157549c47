// Play: the selection steps to the next output cell (cells.ts stepCell) once per tick.
import type { ExplainBar } from './explainbar';

const PLAY_INTERVAL_MS = 700;

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
