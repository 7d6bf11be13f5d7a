import type { SpeechEngine, Utterance } from './speech-engine';

/**
 * How a new utterance meets what is being said:
 * - `interrupt`: stops it and drops everything waiting (a new screen, a moved focus, the countdown);
 * - `append`: waits its turn (an error that appears while the focus is being named).
 */
export type SpeechMode = 'interrupt' | 'append';

/**
 * The one voice of the kiosk: utterances spoken one at a time, in order, each
 * stoppable at once. A failing engine fails the utterance, not the queue.
 */
export class SpeechQueue {
  private readonly waiting: Utterance[] = [];
  private current: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly engine: SpeechEngine,
    private readonly onError: (error: Error) => void,
  ) {}

  say(utterance: Utterance, mode: SpeechMode): void {
    if (mode === 'interrupt') this.stop();
    // The same words twice in a row (a live region updated to itself) are said once.
    const last = this.waiting.at(-1);
    if (last && last.text === utterance.text && last.lang === utterance.lang) return;
    this.waiting.push(utterance);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  /** Silence now, and nothing waiting. */
  stop(): void {
    this.waiting.length = 0;
    this.current?.abort();
  }

  /** Settles once everything queued so far has been said or stopped (tests, and the close). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      const controller = new AbortController();
      this.current = controller;
      try {
        await this.engine.speak(next, controller.signal);
      } catch (error) {
        this.onError(error as Error);
      } finally {
        if (this.current === controller) this.current = undefined;
      }
    }
  }
}
