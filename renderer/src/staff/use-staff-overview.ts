import { ref } from 'vue';
import type { StaffOverview } from '@shared/contract/models';
import { kiosk } from '../kiosk';

/** Staff mode's data, reloaded after every action so staff see its effect. */
export function useStaffOverview() {
  const overview = ref<StaffOverview | null>(null);
  async function refresh() {
    const result = await kiosk().staff.overview();
    if (result.ok) overview.value = result.value;
  }
  return { overview, refresh };
}

/** 14:05 on the kiosk's clock. */
/** YYYY/MM/DD HH:mm on the kiosk's clock (an expiry a day ahead needs its date). */
export function dateTime(at: number): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}/${pad(date.getMonth() + 1)}/${pad(date.getDate())} ${clockTime(at)}`;
}

export function clockTime(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
