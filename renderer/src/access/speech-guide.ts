import { describeControl, fieldContent, type DescriptionWords } from './control-description';
import type { SpeechKind } from '@shared/rules/speech';
import { isSecretField, spokenText } from './spoken-text';
import { topDialog } from './top-dialog';

export interface SpeechGuideOptions {
  say(text: string, kind: SpeechKind): void;
  words(): DescriptionWords & { secretKeysSilent: string };
  /** A headset is the private output: the keys over a secret field are said there. */
  privateSpeech(): boolean;
}

/** A key of the on-screen keyboard while it types into a password, code or PIN (OnScreenKeyboard marks its dock). */
const secretKey = (element: HTMLElement) => element.closest('.keyboard-dock')?.hasAttribute('data-typing-secret') === true;

/** What a screen says when it appears: its headings and instructions, not its fields (the focus names those). */
const SCREEN_TEXT = 'h1, h2, h3, p, legend, dt, dd, li';
/** What is said when it appears or changes: errors and status lines. */
const LIVE = '[role="alert"], [role="status"], .field-error, [data-countdown]';
/** How long the page must be still before a new screen is said (a step renders in a few frames). */
const SETTLE_MS = 120;
const MAX_CHARS = 1900;

/** The screen the customer is on: the topmost open dialog, else the page's main part. */
function currentScreen(): Element {
  return topDialog() ?? document.querySelector('main') ?? document.body;
}

function screenText(root: Element, slipNote: string): string {
  const matched = Array.from(root.querySelectorAll(SCREEN_TEXT)).filter(
    (el) => !el.closest('.field, nav, .keyboard-dock, [data-no-speech]') && !el.parentElement?.closest(SCREEN_TEXT),
  );
  return matched
    .map((el) => spokenText(el, slipNote))
    .filter(Boolean)
    // A pause between a heading and the next line, in the screen's language.
    .join(document.documentElement.lang === 'en' ? '. ' : '。')
    .slice(0, MAX_CHARS);
}

/** The screen's identity for "is this a new screen": the element, and the words of its headings (as read: furigana added is no new screen). */
function signatureOf(root: Element): string {
  const headings = Array.from(root.querySelectorAll('h1, h2'), (el) => spokenText(el, '')).join('|');
  return `${root.tagName}#${root.id}:${root.getAttribute('aria-labelledby') ?? ''}:${headings}:${document.documentElement.lang}`;
}

/** A countdown is said every ten seconds and at five, not every second. */
function countdownDue(element: Element): boolean {
  if (!element.hasAttribute('data-countdown')) return true;
  const seconds = Number(element.getAttribute('data-countdown'));
  return seconds % 10 === 0 || seconds === 5;
}

/**
 * 「音声案内」: says each screen as it appears, the control the focus moves to,
 * errors as they appear and the idle countdown; a secret field only by its
 * length, and the on-screen keyboard's keys over it never through the
 * speaker. Everything is read from the page as shown; the core speaks it.
 * Returns the stop.
 */
export function startSpeechGuide({ say, words, privateSpeech }: SpeechGuideOptions): () => void {
  let spokenScreen = '';
  let settle: ReturnType<typeof setTimeout> | undefined;
  const lastLive = new WeakMap<Element, string>();

  const sayScreen = () => {
    const root = currentScreen();
    const signature = signatureOf(root);
    if (signature === spokenScreen) return;
    spokenScreen = signature;
    const text = screenText(root, words().slipNote);
    if (text) say(text, 'screen');
    // What is on the new screen already (an error kept from before) is not said again as news.
    for (const live of Array.from(root.querySelectorAll(LIVE))) lastLive.set(live, spokenText(live, words().slipNote));
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused !== document.body && root.contains(focused)) say(describeControl(focused, words()), 'alert');
  };

  const sayLive = () => {
    for (const live of Array.from(document.querySelectorAll(LIVE))) {
      if (!(live as HTMLElement).checkVisibility() || !countdownDue(live)) continue;
      const text = spokenText(live, words().slipNote);
      if (!text || lastLive.get(live) === text) continue;
      lastLive.set(live, text);
      // Time running out cuts in; an error waits for the sentence being said.
      say(text, live.hasAttribute('data-countdown') ? 'countdown' : 'alert');
    }
  };

  const observer = new MutationObserver(() => {
    clearTimeout(settle);
    settle = setTimeout(() => {
      sayScreen();
      sayLive();
    }, SETTLE_MS);
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-pressed', 'aria-selected', 'data-countdown', 'lang'] });

  const onFocus = (event: FocusEvent) => {
    const target = event.target;
    if (!(target instanceof HTMLElement) || target === document.body) return;
    if (!secretKey(target)) return say(describeControl(target, words()), 'focus');
    // The room must not hear which key: the headset alone says it; without one, once on the way in, that keys are not said.
    if (privateSpeech()) return say(describeControl(target, words()), 'secret-key');
    const cameFromKeyboard = event.relatedTarget instanceof HTMLElement && event.relatedTarget.closest('.keyboard-dock') !== null;
    if (!cameFromKeyboard) say(words().secretKeysSilent, 'focus');
  };
  // What a field held when last said: a character added is said alone, not the whole field again.
  const heardValue = new WeakMap<HTMLInputElement, string>();
  const onTyped = (event: Event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement)) return;
    const before = heardValue.get(field) ?? '';
    heardValue.set(field, field.value);
    const added = field.value.length === before.length + 1 && field.value.startsWith(before);
    say(added && !isSecretField(field) ? field.value.slice(-1) : fieldContent(field, words()), 'focus');
  };
  document.addEventListener('focusin', onFocus);
  document.addEventListener('input', onTyped);
  document.addEventListener('kiosk-typed', onTyped);
  // Turned on: the screen as it is now.
  sayScreen();

  return () => {
    observer.disconnect();
    clearTimeout(settle);
    document.removeEventListener('focusin', onFocus);
    document.removeEventListener('input', onTyped);
    document.removeEventListener('kiosk-typed', onTyped);
  };
}
