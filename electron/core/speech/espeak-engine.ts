import { audioPlayer, type AudioPlayer } from './audio-output';
import type { JapaneseReading } from './japanese-reading';
import { runPipeline } from './run-pipeline';
import type { SpeechEngine, SpeechVolume, Utterance } from './speech-engine';

/** espeak-ng's amplitude (0–200) for 「小」「中」「大」. */
const AMPLITUDE: Record<SpeechVolume, number> = { 1: 50, 2: 100, 3: 170 };

/**
 * espeak-ng (Debian main): English as it is, Japanese from its reading. Its
 * Japanese voice speaks kana only, so kanji go through the analyser first.
 */
export function createEspeakEngine(reading: JapaneseReading, player: AudioPlayer = audioPlayer(), command = 'espeak-ng'): SpeechEngine {
  return {
    name: 'espeak-ng',
    async speak({ text, lang, volume }: Utterance, signal: AbortSignal) {
      const spoken = lang === 'ja' ? await reading.speakable(text) : text;
      if (signal.aborted) return;
      const voice = lang === 'ja' ? 'ja' : 'en-us';
      await runPipeline({ command, args: ['-v', voice, '-a', String(AMPLITUDE[volume]), '-s', lang === 'ja' ? '150' : '160', '--stdout'] }, player, spoken, signal);
    },
  };
}
