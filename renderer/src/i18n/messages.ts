import { useI18n } from 'vue-i18n';
import type { ReasonKey } from '@shared/contract/reasons';
import { parseRuleMessage } from '@shared/rules/rule-message';
import type { Messages } from './ja';

/** The dotted path of every string in the Japanese catalogue (lists, such as wizard steps, are read whole with `list`). */
type Paths<T, Prefix extends string> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : T[K] extends readonly unknown[] ? never : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
/** The dotted path of every list in the catalogue. */
type ListPaths<T, Prefix extends string> = {
  [K in keyof T & string]: T[K] extends string ? never : T[K] extends readonly unknown[] ? `${Prefix}${K}` : ListPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A message of the catalogues: a misspelt or missing key does not compile. */
export type MessageKey = Paths<Messages, ''>;
export type ListKey = ListPaths<Messages, ''>;
export type MessageParams = Record<string, string | number>;

/** A message to show later, with the values of its placeholders. */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
}

/** Every reason the core may send is a message of the catalogues: a reason without one does not compile. */
export const reasonsHaveMessages = (key: ReasonKey): MessageKey => key;

/**
 * The renderer's only way to text: `t` takes message keys only, `or` gives
 * the message of a key made of data (a printer state, an outcome) where it
 * has one, and `list` reads a list (the steps of a wizard).
 */
export function useMessages() {
  const { t, te, tm, rt, locale } = useI18n();
  return {
    t: (key: MessageKey, params: MessageParams = {}): string => t(key, params),
    show: (message: Message): string => t(message.key, message.params ?? {}),
    /** The message of a key made of data (a printer state, a procedure's outcome), or `otherwise` where it has none. */
    or: (key: string, otherwise: string): string => (te(key) ? t(key) : otherwise),
    /** A field's error: a rule's message (`key` or `key::value`), or text already in words (shown as is). */
    field(message: string): string {
      const { key, value } = parseRuleMessage(message);
      return te(key) ? t(key, { value: value ?? '' }) : message;
    },
    list: (key: ListKey): string[] => (tm(key) as unknown[]).map((item) => rt(item as never)),
    locale,
  };
}
