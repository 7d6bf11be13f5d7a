/** The open modal dialog on top (every dialog of the kiosk is aria-modal), if one is open. */
export function topDialog(): HTMLElement | undefined {
  return Array.from(document.querySelectorAll<HTMLElement>('[aria-modal="true"]'))
    .filter((el) => el.checkVisibility())
    .at(-1);
}
