import { defineStore } from 'pinia';

/** Whether staff mode is open at this window (the core decides; this mirrors it), and what its entry said. */
export const useStaffStore = defineStore('staff', {
  state: () => ({
    open: false,
    /** Wrong PINs against the member's number since their last entry, told once in staff mode. */
    failuresSinceEntry: 0,
  }),
});
