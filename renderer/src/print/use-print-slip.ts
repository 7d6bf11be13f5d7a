import { ref } from 'vue';
import { kiosk } from '../kiosk';

export type PrintState = 'idle' | 'printing' | 'printed' | 'failed';
const KNOWN_PROBLEMS = ['printer_not_configured', 'printer_offline', 'printer_out_of_paper', 'print_failed'];

/**
 * 「印刷」: the core prints this session's completion (never content sent from
 * here). A failure leaves the completion in place for another try.
 */
export function usePrintSlip(kind: 'id_change' | 'password') {
  const state = ref<PrintState>('idle');
  const problem = ref<string | null>(null);

  async function print() {
    state.value = 'printing';
    problem.value = null;
    const result = await kiosk().print.slip({ kind });
    if (result.ok) {
      state.value = 'printed';
      return;
    }
    state.value = 'failed';
    problem.value = KNOWN_PROBLEMS.includes(result.code) ? result.code : result.code === 'not_available' ? 'printer_not_configured' : 'print_failed';
  }

  return { state, problem, print };
}
