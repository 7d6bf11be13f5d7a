import { onMounted } from 'vue';
import { storeToRefs } from 'pinia';
import { useAccountStore } from './use-account-store';

/** The account overview for a screen: loaded from the core when the screen opens. */
export function useAccountOverview() {
  const store = useAccountStore();
  onMounted(() => void store.load());
  return storeToRefs(store);
}
