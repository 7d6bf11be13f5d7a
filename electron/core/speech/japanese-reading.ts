import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import kuromoji, { type IpadicFeatures, type Tokenizer } from 'kuromoji';

import type { FuriganaSegment } from '../../../shared/contract/models';
import { KANJI } from '../../../shared/domain/kanji';

export type { FuriganaSegment };

const KATAKANA = /[\u30a1-\u30f6]/gu;

/** Katakana to hiragana (the readings the analyser gives are katakana). */
export function toHiragana(text: string): string {
  return text.replace(KATAKANA, (char) => String.fromCharCode(char.charCodeAt(0) - 0x60));
}

/**
 * The reading of one word as ruby: the kana the word shares with its reading at
 * either end (送り仮名, as in 新しい → あたら|しい) stays outside the ruby, so the
 * reading sits over the kanji only.
 */
export function rubyOf(surface: string, reading: string): FuriganaSegment[] {
  if (!KANJI.test(surface)) return [{ text: surface }];
  const kana = toHiragana(reading);
  const plain = toHiragana(surface);
  let head = 0;
  while (head < plain.length && head < kana.length && plain[head] === kana[head] && !KANJI.test(surface[head]!)) head += 1;
  let tail = 0;
  while (
    tail < plain.length - head &&
    tail < kana.length - head &&
    plain[plain.length - 1 - tail] === kana[kana.length - 1 - tail] &&
    !KANJI.test(surface[surface.length - 1 - tail]!)
  ) {
    tail += 1;
  }
  const segments: FuriganaSegment[] = [];
  if (head > 0) segments.push({ text: surface.slice(0, head) });
  segments.push({ text: surface.slice(head, surface.length - tail), reading: kana.slice(head, kana.length - tail) });
  if (tail > 0) segments.push({ text: surface.slice(surface.length - tail) });
  return segments;
}

/**
 * Japanese text to its reading and its furigana, with kuromoji: a morphological
 * analyser whose dictionary ships inside its npm package, so nothing is
 * downloaded and nothing leaves the machine. The dictionary (about 18 MB, a few
 * hundred ms to load) is loaded at the first use, or warmed after the start
 * when speech is on (speech-setup.ts), so the first screen spoken is not late.
 */
export class JapaneseReading {
  private tokenizer: Promise<Tokenizer<IpadicFeatures>> | undefined;

  private load(): Promise<Tokenizer<IpadicFeatures>> {
    this.tokenizer ??= new Promise((resolve, reject) => {
      const dicPath = join(dirname(createRequire(import.meta.url).resolve('kuromoji/package.json')), 'dict');
      kuromoji.builder({ dicPath }).build((error, tokenizer) => (error ? reject(error) : resolve(tokenizer)));
    });
    // A failed load is tried again at the next use.
    this.tokenizer.catch(() => (this.tokenizer = undefined));
    return this.tokenizer;
  }

  /** Loads the dictionary now, in the background, so the first customer who turns speech on hears it at once. */
  warm(): void {
    this.load().catch(() => undefined);
  }

  /** The text as a speech engine that reads kana speaks it: kanji replaced by their reading, the rest kept. */
  async speakable(text: string): Promise<string> {
    if (!KANJI.test(text)) return text;
    const tokenizer = await this.load();
    return tokenizer
      .tokenize(text)
      .map((token) => (KANJI.test(token.surface_form) && token.reading ? token.reading : token.surface_form))
      .join('');
  }

  /** The text cut into runs, each run with kanji carrying its reading. */
  async furigana(text: string): Promise<FuriganaSegment[]> {
    if (!KANJI.test(text)) return [{ text }];
    const tokenizer = await this.load();
    const segments: FuriganaSegment[] = [];
    for (const token of tokenizer.tokenize(text)) {
      const parts = token.reading && token.reading !== '*' ? rubyOf(token.surface_form, token.reading) : [{ text: token.surface_form }];
      for (const part of parts) {
        const last = segments.at(-1);
        // Plain runs side by side become one, so the page gets few nodes.
        if (!part.reading && last && !last.reading) last.text += part.text;
        else segments.push({ ...part });
      }
    }
    return segments;
  }
}
