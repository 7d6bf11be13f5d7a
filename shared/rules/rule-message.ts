/**
 * A rule's message: an i18n key, optionally with one value for its `{value}`
 * placeholder, written `key::value` so it fits zod's string messages.
 */
export function ruleMessage(key: string, value?: string): string {
  return value === undefined ? key : `${key}::${value}`;
}

export function parseRuleMessage(message: string): { key: string; value?: string } {
  const at = message.indexOf('::');
  return at < 0 ? { key: message } : { key: message.slice(0, at), value: message.slice(at + 2) };
}
