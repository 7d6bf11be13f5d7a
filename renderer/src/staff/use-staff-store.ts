import { defineStore } from 'pinia';

/** Whether staff mode is open at this window (the core decides; this mirrors it). */
export const useStaffStore = defineStore('staff', {
  state: () => ({ open: false }),
});
