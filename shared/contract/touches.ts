import type { ChannelName } from './channels';

/**
 * Calls the page makes by itself, never because a person touched the kiosk:
 * the screens' status poll, the idle guard's settings, speech guidance (which
 * also says the idle countdown), furigana, the funnel's step counts. None of
 * them keeps a customer's session or a staff window awake; every other
 * channel is a person's action and does.
 */
const untouched: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'kiosk.status',
  'kiosk.info',
  'speech.say',
  'speech.stop',
  'reading.furigana',
  'funnel.step',
  'funnel.leave',
]);

export const isATouch = (channel: ChannelName): boolean => !untouched.has(channel);
