export interface KeyBox {
  left: number;
  width: number;
}

/**
 * Where an arrow goes on the on-screen keyboard: Left and Right along the row
 * (wrapping), Up and Down to the key of the next row nearest below or above
 * the middle of this one. Up from the top row leaves the keyboard (`'leave'`:
 * back to the field); Down from the bottom row stays. Undefined: not an arrow.
 */
export function keyAfterArrow(rows: KeyBox[][], at: { row: number; index: number }, arrow: string): { row: number; index: number } | 'leave' | undefined {
  const row = rows[at.row]!;
  switch (arrow) {
    case 'ArrowLeft':
      return { row: at.row, index: (at.index - 1 + row.length) % row.length };
    case 'ArrowRight':
      return { row: at.row, index: (at.index + 1) % row.length };
    case 'ArrowUp':
    case 'ArrowDown': {
      const target = at.row + (arrow === 'ArrowUp' ? -1 : 1);
      if (target < 0) return 'leave';
      if (target >= rows.length) return at;
      const box = row[at.index]!;
      const middle = box.left + box.width / 2;
      const keys = rows[target]!;
      let nearest = 0;
      keys.forEach((key, index) => {
        if (Math.abs(key.left + key.width / 2 - middle) < Math.abs(keys[nearest]!.left + keys[nearest]!.width / 2 - middle)) nearest = index;
      });
      return { row: target, index: nearest };
    }
    default:
      return undefined;
  }
}
