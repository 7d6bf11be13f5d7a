import type { Reason, ReasonKey } from '../contract/reasons';

/**
 * A rule's message: a reason key, optionally with one value for its `{value}`
 * placeholder, written `key::value` so it fits zod's string messages.
 */
export function ruleMessage(key: ReasonKey, value?: string): Reason {
  return value === undefined ? key : `${key}::${value}`;
}

/** A field's message as its key and the value for its `{value}`. */
export function parseRuleMessage(message: string): { key: string; value?: string } {
  const at = message.indexOf('::');
  return at < 0 ? { key: message } : { key: message.slice(0, at), value: message.slice(at + 2) };
}
