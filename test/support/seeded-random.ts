/**
 * A tiny seeded PRNG (mulberry32), so a run that fails can be replayed with its
 * seed. `seedFrom(name)`: the seed in the environment variable `name`, else a
 * fresh one; the test prints it in its title.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedFrom(name: string): number {
  return Number(process.env[name] ?? Date.now() % 1_000_000);
}
