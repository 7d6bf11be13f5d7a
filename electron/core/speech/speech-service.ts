import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import type { FuriganaSegment, JapaneseReading } from './japanese-reading';
import type { SpeechEngine, Utterance } from './speech-engine';
import { SpeechQueue, type SpeechMode } from './speech-queue';
import type { Logger } from '../logger';
import type { SpeechKind } from '../../../shared/rules/speech';

/** A screen, a focus and time running out interrupt what is being said; an error waits for it. */
const MODE: Record<Exclude<SpeechKind, 'secret-key'>, SpeechMode> = { screen: 'interrupt', focus: 'interrupt', alert: 'append', countdown: 'interrupt' };

export interface SpeechService {
  /** The renderer asks, the core speaks: the text on screen (secrets already left out by the page). */
  say(windowId: string, utterance: Utterance, kind: SpeechKind): KioskResult<null>;
  /** 「もう一度聞く」: the last screen's words again, at the volume chosen now. */
  repeat(windowId: string, volume: Utterance['volume']): KioskResult<null>;
  stop(windowId: string): KioskResult<null>;
  /** Whether a headset is there for private listening (the keys of a secret field are said only there). */
  hasPrivateOutput(): boolean;
  /** The window's customer left: silence, and nothing of theirs to repeat. */
  forget(windowId: string): void;
  furigana(texts: string[]): Promise<KioskResult<FuriganaSegment[][]>>;
  close(): Promise<void>;
}

/**
 * Speech guidance and furigana. One voice for the kiosk; the last screen's
 * words kept per window for 「もう一度聞く」, in memory only, gone with the customer.
 * Nothing said is logged: an engine's failure is logged by its reason alone.
 *
 * A key of the on-screen keyboard over a secret field (`secret-key`) tells the
 * room what is typed: it goes to the headset (`privateEngine`) alone, and
 * without one it is never said, whatever the page asks.
 */
export function createSpeechService(engine: SpeechEngine | undefined, reading: JapaneseReading, log: Logger, privateEngine?: SpeechEngine): SpeechService {
  const queueOf = (voice: SpeechEngine, output: string) => {
    let warned = false;
    return new SpeechQueue(voice, (error) => {
      // Once: a kiosk without a working speaker would otherwise log at every screen.
      if (!warned) log.warn('speech guidance cannot be heard', { engine: voice.name, output, problem: error.message });
      warned = true;
    });
  };
  const queue = engine && queueOf(engine, 'speaker');
  const privateQueue = engine && privateEngine && queueOf(privateEngine, 'headset');
  const lastScreen = new Map<string, Utterance>();
  return {
    say(windowId, utterance, kind) {
      if (!queue) return fail('not_available');
      if (kind === 'secret-key') {
        if (!privateQueue) return fail('not_available');
        // Moving to the next key interrupts the last one's name, as a focus does.
        privateQueue.say(utterance, 'interrupt');
        return ok(null);
      }
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
      privateQueue?.stop();
      return ok(null);
    },
    hasPrivateOutput: () => privateQueue !== undefined,
    forget(windowId) {
      lastScreen.delete(windowId);
      queue?.stop();
      privateQueue?.stop();
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
      privateQueue?.stop();
      await Promise.all([queue?.idle(), privateQueue?.idle()]);
    },
  };
}
