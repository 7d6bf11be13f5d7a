import { computed, onUnmounted, ref, type Ref } from 'vue';

/** Whole seconds left until `until` (epoch ms), ticking once a second while the screen is up. */
export function useCountdown(until: Ref<number | undefined>) {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), 1000);
  onUnmounted(() => clearInterval(timer));
  return computed(() => Math.max(0, Math.ceil(((until.value ?? 0) - now.value) / 1000)));
}
