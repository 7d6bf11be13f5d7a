import type { SpeechConfig } from '../../../shared/config/kiosk-config';
import type { Logger } from '../logger';
import { audioPlayer, type AudioPlayer } from './audio-output';
import { createEspeakEngine } from './espeak-engine';
import { JapaneseReading } from './japanese-reading';
import { createOpenJtalkEngine } from './open-jtalk-engine';
import type { SpeechEngine } from './speech-engine';
import { createSpeechService, type SpeechService } from './speech-service';

/**
 * The configured engine behind the port (`injected`: a test's own), and the
 * service over it; with a headset (privateSink) a second engine of the same
 * kind that plays there, for what only the customer may hear.
 */
export function openSpeech(config: SpeechConfig, log: Logger, injected?: SpeechEngine): SpeechService {
  const reading = new JapaneseReading();
  const build = (player: AudioPlayer): SpeechEngine | undefined => {
    const espeak = () => createEspeakEngine(reading, player);
    return config.engine === 'off' ? undefined : config.engine === 'open-jtalk' ? createOpenJtalkEngine(config, espeak(), player) : espeak();
  };
  const engine = injected ?? build(audioPlayer());
  const privateEngine = engine && config.privateSink ? build(audioPlayer(process.env, config.privateSink)) : undefined;
  // Speech must be heard within 2 s of a screen: the analyser is ready before the first customer asks.
  if (engine) setImmediate(() => reading.warm());
  return createSpeechService(engine, reading, log, privateEngine);
}
