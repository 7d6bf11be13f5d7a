import { openingState, type OpeningHours, type OpeningState } from '../../../shared/domain/opening-hours';
import { openingHoursSchema } from '../../../shared/rules/opening-hours';
import type { Logger } from '../logger';
import type { ShopSettingsRepo } from '../store/shop-settings-repo';

const KEY = 'openingHours';
/** How often a kiosk reads its shop's hours again: another kiosk's manager may have changed them. */
export const HOURS_REFRESH_MS = 30_000;

export interface OpeningHoursService {
  /** The shop's hours (null: none set, always open). */
  current(): OpeningHours | null;
  /** Open now or not, on the shop's clock, and when it opens next. */
  state(): OpeningState;
  save(hours: OpeningHours | null): Promise<void>;
  stop(): void;
}

/**
 * The shop's opening hours, one row of the shop's settings shared by all its
 * kiosks, read at start and every HOURS_REFRESH_MS. A stored value that no
 * longer passes the rules is logged and read as "no hours": a kiosk that
 * wrongly says it is closed is worse than one that is open after hours.
 */
export async function createOpeningHours(repo: ShopSettingsRepo, now: () => number, log: Logger): Promise<OpeningHoursService> {
  let warnedAbout: string | undefined;
  const parse = (raw: unknown): OpeningHours | null => {
    if (raw === undefined || raw === null) return null;
    const parsed = openingHoursSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    // Once per bad value, not at every refresh.
    if (warnedAbout !== JSON.stringify(raw)) log.warn('stored opening hours are not valid: the kiosk stays open until a manager saves them again');
    warnedAbout = JSON.stringify(raw);
    return null;
  };
  let hours = parse(await repo.get(KEY));
  const timer = setInterval(() => {
    // A store away for a moment: the hours last read stand.
    repo.get(KEY).then((raw) => (hours = parse(raw)), () => undefined);
  }, HOURS_REFRESH_MS);
  timer.unref();
  return {
    current: () => hours,
    state: () => openingState(hours, now()),
    save: async (next) => {
      await repo.set(KEY, next);
      hours = next;
    },
    stop: () => clearInterval(timer),
  };
}
