import { defineStore } from 'pinia';

export type Volume = 1 | 2 | 3;

/**
 * The customer's own way of using the kiosk: speech guidance and its volume,
 * larger text, high contrast and furigana. Off again for the next customer
 * (every store is reset when a customer leaves), like the language.
 */
export const useAccessStore = defineStore('access', {
  state: () => ({
    speech: false,
    volume: 2 as Volume,
    largeText: false,
    highContrast: false,
    furigana: false,
  }),
  actions: {
    toggleSpeech() {
      this.speech = !this.speech;
    },
    nextVolume() {
      this.volume = ((this.volume % 3) + 1) as Volume;
    },
  },
});
