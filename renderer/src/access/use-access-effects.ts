import { watch } from 'vue';
import { useMessages } from '../i18n/messages';
import { kiosk } from '../kiosk';
import { startFurigana } from './furigana';
import { startSpeechGuide } from './speech-guide';
import { useAccessStore } from './use-access-store';

/**
 * Applies the customer's choices to the whole page: the text size and theme
 * as classes on <html>, furigana over the app, and the speech guidance.
 */
export function useAccessEffects(app: () => HTMLElement | null): void {
  const access = useAccessStore();
  const { t, locale } = useMessages();

  watch(
    () => [access.largeText, access.highContrast] as const,
    ([large, contrast]) => {
      document.documentElement.classList.toggle('large-text', large);
      document.documentElement.classList.toggle('high-contrast', contrast);
    },
    { immediate: true },
  );

  let stopFurigana: (() => void) | undefined;
  watch(
    () => access.furigana,
    (on) => {
      stopFurigana?.();
      stopFurigana = undefined;
      const root = app();
      if (on && root) {
        stopFurigana = startFurigana(root, async (texts) => {
          const answer = await kiosk().reading.furigana({ texts });
          return answer.ok ? answer.value : undefined;
        });
      }
    },
    { immediate: true, flush: 'post' },
  );

  // Whether the kiosk has a headset for private listening (asked once: it is the kiosk's set-up).
  let privateSpeech = false;
  void kiosk()
    .kiosk.info()
    .then((info) => (privateSpeech = info.ok && info.value.privateSpeech));

  let stopSpeech: (() => void) | undefined;
  watch(
    () => access.speech,
    (on, was) => {
      stopSpeech?.();
      stopSpeech = undefined;
      // Turned off: silence at once, mid-sentence too.
      if (!on && was) void kiosk().speech.stop();
      if (!on) return;
      stopSpeech = startSpeechGuide({
        say: (text, kind) => void kiosk().speech.say({ text, kind, lang: locale.value === 'en' ? 'en' : 'ja', volume: access.volume }),
        words: () => ({
          role: (role) => t(`access.roles.${role as 'button'}`),
          state: (state) => t(`access.states.${state}`),
          typedCount: (count) => t('access.typedCount', { count }),
          empty: t('access.empty'),
          slipNote: t('access.secretOnSlip'),
          secretKeysSilent: t('access.secretKeysSilent'),
        }),
        privateSpeech: () => privateSpeech,
      });
    },
    { immediate: true, flush: 'post' },
  );
}
