import type { SpeechConfig } from '../../../shared/config/kiosk-config';
import type { Logger } from '../logger';
import { createEspeakEngine } from './espeak-engine';
import { JapaneseReading } from './japanese-reading';
import { createOpenJtalkEngine } from './open-jtalk-engine';
import type { SpeechEngine } from './speech-engine';
import { createSpeechService, type SpeechService } from './speech-service';

/** The configured engine behind the port (`injected`: a test's own), and the service over it. */
export function openSpeech(config: SpeechConfig, log: Logger, injected?: SpeechEngine): SpeechService {
  const reading = new JapaneseReading();
  const espeak = () => createEspeakEngine(reading);
  const engine =
    injected ??
    (config.engine === 'off' ? undefined : config.engine === 'open-jtalk' ? createOpenJtalkEngine(config, espeak()) : espeak());
  // Speech must be heard within 2 s of a screen: the analyser is ready before the first customer asks.
  if (engine) setImmediate(() => reading.warm());
  return createSpeechService(engine, reading, log);
}
