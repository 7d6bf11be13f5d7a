/** Escapes text for HTML we build ourselves (mail bodies, slips). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
