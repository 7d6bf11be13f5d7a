import { describe, expect, it } from 'vitest';
import { createSingleEntryHistory } from '../../renderer/src/single-entry-history';

describe('the kiosk router history', () => {
  it('holds one entry however many screens were shown: nothing to go back to, nothing piling up', () => {
    const history = createSingleEntryHistory();
    const seen: string[] = [];
    history.listen((to) => seen.push(to));
    for (let i = 0; i < 5_000; i += 1) history.push(`/screen/${i}`, { i });
    expect(history.location).toBe('/screen/4999');
    expect(history.state).toEqual({ i: 4999 });
    history.go(-1);
    expect(history.location).toBe('/screen/4999');
    history.replace('/', {});
    history.go(-1);
    expect(history.location).toBe('/');
  });
});
