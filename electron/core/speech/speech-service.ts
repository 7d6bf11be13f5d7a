import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import type { FuriganaSegment, JapaneseReading } from './japanese-reading';
import type { SpeechEngine, Utterance } from './speech-engine';
import { SpeechQueue, type SpeechMode } from './speech-queue';
import type { Logger } from '../logger';
import type { SpeechKind } from '../../../shared/rules/speech';

/** A screen, a focus and time running out interrupt what is being said; an error waits for it. */
const MODE: Record<SpeechKind, SpeechMode> = { screen: 'interrupt', focus: 'interrupt', alert: 'append', countdown: 'interrupt' };

export interface SpeechService {
  /** The renderer asks, the core speaks: the text on screen (secrets already left out by the page). */
  say(windowId: string, utterance: Utterance, kind: SpeechKind): KioskResult<null>;
  /** 「もう一度聞く」: the last screen's words again, at the volume chosen now. */
  repeat(windowId: string, volume: Utterance['volume']): KioskResult<null>;
  stop(windowId: string): KioskResult<null>;
  /** The window's customer left: silence, and nothing of theirs to repeat. */
  forget(windowId: string): void;
  furigana(texts: string[]): Promise<KioskResult<FuriganaSegment[][]>>;
  close(): Promise<void>;
}

/**
 * Speech guidance and furigana. One voice for the kiosk; the last screen's
 * words kept per window for 「もう一度聞く」, in memory only, gone with the customer.
 * Nothing said is logged: an engine's failure is logged by its reason alone.
 */
export function createSpeechService(engine: SpeechEngine | undefined, reading: JapaneseReading, log: Logger): SpeechService {
  let warned = false;
  const queue =
    engine &&
    new SpeechQueue(engine, (error) => {
      // Once: a kiosk without a working speaker would otherwise log at every screen.
      if (!warned) log.warn('speech guidance cannot be heard', { engine: engine.name, problem: error.message });
      warned = true;
    });
  const lastScreen = new Map<string, Utterance>();
  return {
    say(windowId, utterance, kind) {
      if (!queue) return fail('not_available');
      if (kind === 'screen') lastScreen.set(windowId, utterance);
      queue.say(utterance, MODE[kind]);
      return ok(null);
    },
    repeat(windowId, volume) {
      const last = lastScreen.get(windowId);
      if (!queue || !last) return fail('not_available');
      queue.say({ ...last, volume }, 'interrupt');
      return ok(null);
    },
    stop() {
      queue?.stop();
      return ok(null);
    },
    forget(windowId) {
      lastScreen.delete(windowId);
      queue?.stop();
    },
    async furigana(texts) {
      try {
        return ok(await Promise.all(texts.map((text) => reading.furigana(text))));
      } catch (error) {
        log.warn('furigana cannot be read', { problem: (error as Error).message });
        return fail('not_available');
      }
    },
    async close() {
      queue?.stop();
      await queue?.idle();
    },
  };
}
