/** The languages the kiosk speaks: the two of its screens. */
export type SpeechLanguage = 'ja' | 'en';
/** 「小」「中」「大」. */
export type SpeechVolume = 1 | 2 | 3;

export interface Utterance {
  text: string;
  lang: SpeechLanguage;
  volume: SpeechVolume;
}

/**
 * The port every speech engine stands behind: speak one utterance to the
 * kiosk's speaker, settling when it has been heard or `signal` stopped it.
 * An engine gets the screen's own text (kanji and all) and turns it into sound
 * by itself; it never logs or keeps the text.
 */
export interface SpeechEngine {
  readonly name: string;
  speak(utterance: Utterance, signal: AbortSignal): Promise<void>;
}
