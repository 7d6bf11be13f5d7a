import { z } from 'zod';

/** What the page asks the core to say: the words on screen, in the screen's language, at the customer's volume. */
export const speechRequestSchema = z
  .object({
    text: z.string().trim().min(1).max(2000),
    lang: z.enum(['ja', 'en']),
    volume: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    kind: z.enum(['screen', 'focus', 'alert', 'countdown', 'secret-key']),
  })
  .strict();

/**
 * A screen, a focus and the countdown interrupt what is being said; an error
 * (`alert`) waits its turn. `secret-key`: a key of the on-screen keyboard
 * while it types into a password, code or PIN, said on the headset alone.
 */
export type SpeechKind = z.infer<typeof speechRequestSchema>['kind'];

/** 「もう一度聞く」 at the volume the customer has chosen now. */
export const speechRepeatSchema = z.object({ volume: z.union([z.literal(1), z.literal(2), z.literal(3)]) }).strict();

/** The texts of a screen whose kanji need readings (a screen's worth at a time). */
export const furiganaRequestSchema = z
  .object({ texts: z.array(z.string().min(1).max(500)).min(1).max(200) })
  .strict();
