import { createMemoryHistory, type RouterHistory } from 'vue-router';

/**
 * A router history of one entry: every navigation replaces it. The kiosk has
 * no "back" on purpose (nothing of an earlier screen or customer may be
 * reachable), and vue-router's memory history keeps every entry it was ever
 * pushed — over a kiosk day, thousands of them (the soak found it).
 */
export function createSingleEntryHistory(): RouterHistory {
  const history = createMemoryHistory();
  // Mutated, not copied: `location` and `state` are getters over the history's own queue.
  history.push = (to, state) => history.replace(to, state);
  return history;
}
