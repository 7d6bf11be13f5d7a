import { z } from 'zod';
import { reason, type ReasonKey } from '../contract/reasons';

/**
 * Characters no field of the kiosk accepts, each class with its own message so
 * a customer who pasted one learns what is wrong: control characters (NUL, tab,
 * line breaks), invisible ones (zero-width spaces, direction marks, BOM) and
 * emoji. Checked before a field's own rules, in the form and in the core alike.
 */
// C0 and C1 controls (U+0000–001F, U+007F–009F).
const CONTROL = /\p{Cc}/u;
// Variation selectors, the combining grapheme joiner and the Khmer inherent vowels stand alone: inside a class they would read as one combined character.
const INVISIBLE = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]|\u034f|\u17b4|\u17b5|[\ufe00-\ufe0f]/;
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u{1f3fb}-\u{1f3ff}]/u;

export const characterMessages = {
  control: reason('errors.controlChar'),
  invisible: reason('errors.invisibleChar'),
  emoji: reason('errors.emoji'),
} as const;

/** The message for the first unusable character class in `value`, if any. */
export function characterProblem(value: string): ReasonKey | undefined {
  if (CONTROL.test(value)) return characterMessages.control;
  if (INVISIBLE.test(value)) return characterMessages.invisible;
  if (EMOJI.test(value)) return characterMessages.emoji;
  return undefined;
}

/** Anything outside printable ASCII: full-width letters and digits, kana, ideographic spaces. */
export const NOT_HALF_WIDTH = /[^\x20-\x7e]/;

/**
 * For a "half-width only" refinement after the character check: an unusable
 * character already has its own message, so only other non-ASCII fails here.
 */
export function halfWidthOrUnusable(value: string): boolean {
  return characterProblem(value) !== undefined || !NOT_HALF_WIDTH.test(value);
}

/** Adds the character check to a string schema's refinements. */
export function refuseUnusableCharacters(value: string, ctx: z.RefinementCtx): void {
  const problem = characterProblem(value);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
}
