import { defineStore } from 'pinia';
import type { CodeSent, IdChangeCompletion, IdChangeStart, MailState } from '@shared/contract/models';

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
    restartReason: null as string | null,
  }),
});
