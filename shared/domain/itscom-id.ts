/** A mail-form ID has exactly one @ with something on both sides. */
export function isMailFormId(itscomId: string): boolean {
  return /^[^@\s]+@[^@\s]+$/.test(itscomId);
}

/**
 * The key that makes IDs unique: mail-form IDs compare case-insensitively
 * (mail addresses do in practice), legacy IDs exactly as issued.
 */
export function itscomIdKey(itscomId: string): string {
  return isMailFormId(itscomId) ? itscomId.toLowerCase() : itscomId;
}
