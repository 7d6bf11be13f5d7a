import { defineStore } from 'pinia';
import type { CodeSent, IdChangeCompletion, IdChangeStart, MailState } from '@shared/contract/models';
import type { MessageKey } from '../i18n/messages';
import { kiosk } from '../kiosk';

export type IdChangeStep = 'reauth' | 'entry' | 'code' | 'confirm' | 'done';

/**
 * Where this customer is in the ID change. Completion content lives here only
 * (never on disk) and goes with the customer: every store is reset on sign-out.
 */
export const useIdChangeStore = defineStore('idChange', {
  state: () => ({
    step: 'entry' as IdChangeStep,
    start: null as IdChangeStart | null,
    newItscomId: '',
    codeSent: null as CodeSent | null,
    mailState: null as MailState | null,
    setAsContact: false,
    completion: null as IdChangeCompletion | null,
    /** A message to show on step 1 after the procedure was sent back to it (expired, cancelled). */
    restartReason: null as MessageKey | null,
  }),
  actions: {
    /** Back to step 1 (戻る, or the core ended the code): a new code will be needed. */
    async backToEntry(reason: MessageKey | null = null) {
      const result = await kiosk().idChange.start();
      if (result.ok) this.start = result.value;
      this.codeSent = null;
      this.mailState = null;
      this.restartReason = reason;
      this.step = 'entry';
    },
    /** The completion is left: its content is gone for good, in the core and here. */
    async finish() {
      await kiosk().idChange.finish();
      this.$reset();
    },
  },
});
