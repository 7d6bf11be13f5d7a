import { audioPlayer, type AudioPlayer } from './audio-output';
import { runPipeline } from './run-pipeline';
import type { SpeechEngine, SpeechVolume, Utterance } from './speech-engine';

/** Open JTalk's gain in dB for 「小」「中」「大」. */
const GAIN: Record<SpeechVolume, number> = { 1: -8, 2: 0, 3: 6 };

export interface OpenJtalkVoice {
  /** An HTS voice (.htsvoice): none ships in Debian main; a shop installs one (docs/operations.md). */
  voice: string;
  /** The analyser's dictionary (Debian's open-jtalk-mecab-naist-jdic). */
  dictionary: string;
}

/**
 * Open JTalk for Japanese (it reads kanji itself, with a natural voice), and
 * `english` for English, which Open JTalk cannot speak.
 */
export function createOpenJtalkEngine(
  { voice, dictionary }: OpenJtalkVoice,
  english: SpeechEngine,
  player: AudioPlayer = audioPlayer(),
  command = 'open_jtalk',
): SpeechEngine {
  return {
    name: 'open-jtalk',
    speak(utterance: Utterance, signal: AbortSignal) {
      if (utterance.lang === 'en') return english.speak(utterance, signal);
      const args = ['-x', dictionary, '-m', voice, '-g', String(GAIN[utterance.volume]), '-ow', '/dev/stdout'];
      return runPipeline({ command, args }, player, utterance.text, signal);
    },
  };
}
