import { defineStore } from 'pinia';
import type { PasswordChangeCompletion, ResetCodeSent } from '@shared/contract/models';
import type { MessageKey } from '../i18n/messages';
import { kiosk } from '../kiosk';

export type PasswordResetStep = 'id' | 'code' | 'password' | 'done';

/**
 * Where this window is in 「パスワードの再設定」. Nobody is signed in; the
 * completion (with the new password, for the print view) lives only here and
 * in the core's memory, and goes with the window's next reset.
 */
export const usePasswordResetStore = defineStore('passwordReset', {
  state: () => ({
    step: 'id' as PasswordResetStep,
    itscomId: '',
    codeSent: null as ResetCodeSent | null,
    demoMailbox: false,
    completion: null as PasswordChangeCompletion | null,
    /** A message for step 1 after the reset was sent back to it (expired, cancelled). */
    restartReason: null as MessageKey | null,
  }),
  actions: {
    /** A fresh reset in the core: step 1, nothing carried over but the typed ID. */
    async begin(reason: MessageKey | null = null) {
      const started = await kiosk().passwordReset.start();
      if (started.ok) this.demoMailbox = started.value.demoMailbox;
      this.codeSent = null;
      this.restartReason = reason;
      this.step = 'id';
    },
    /** 「ログイン画面へ」 or the print view closed: the new password is gone for good. */
    async finish() {
      await kiosk().passwordReset.finish();
      this.$reset();
    },
  },
});
