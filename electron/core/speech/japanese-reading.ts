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
 * The reading of one word as ruby, over its kanji only: the kana written in the
 * word (送り仮名 and kana between kanji, as in 問い合わせ) stay outside the ruby,
 * so 新しい → 新(あたら)しい and 問い合わせ → 問(と)い合(あ)わせ. A word whose kana
 * cannot be lined up with its reading gets the whole reading over the whole word.
 */
export function rubyOf(surface: string, reading: string): FuriganaSegment[] {
  if (!KANJI.test(surface)) return [{ text: surface }];
  const kana = toHiragana(reading);
  // Runs of kanji and of the rest, in order.
  const runs = surface.match(new RegExp(`${KANJI.source}+|(?:(?!${KANJI.source}).)+`, 'gu')) ?? [surface];
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${runs.map((run) => (KANJI.test(run) ? '(.+?)' : escape(toHiragana(run)))).join('')}$`, 'u');
  const match = pattern.exec(kana);
  if (!match) return [{ text: surface, reading: kana }];
  let group = 1;
  return runs.map((run) => (KANJI.test(run) ? { text: run, reading: match[group++]! } : { text: run }));
}

/**
 * Words of the screens that the analyser's dictionary reads wrongly (it cuts
 * 更新月 into 更 さら + 新月 しんげつ, and reads 正しく as まさしく), with their reading in katakana. Found by
 * looking at the screenshots with furigana on; add a word here when one shows up.
 */
const WORD_READINGS = new Map<string, string>([
  ['更新月', 'コウシンヅキ'],
  // The sign-in's refusal: 「…が正しくありません」 came out as マサシク.
  ['正しく', 'タダシク'],
]);
const KNOWN_WORDS = new RegExp(`(${[...WORD_READINGS.keys()].join('|')})`, 'u');

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

  /**
   * The words of the text with their readings: the analyser's, but for the
   * screens' own words it gets wrong (WORD_READINGS).
   */
  private async words(text: string): Promise<Array<{ surface: string; reading: string | undefined }>> {
    const tokenizer = await this.load();
    const words = text
      .split(KNOWN_WORDS)
      .filter(Boolean)
      .flatMap((part) =>
        WORD_READINGS.has(part)
          ? [{ surface: part, reading: WORD_READINGS.get(part) }]
          : tokenizer.tokenize(part).map((token) => ({ surface: token.surface_form, reading: token.reading && token.reading !== '*' ? token.reading : undefined })),
      );
    // The month of a date (2025年1月) is がつ, not the moon (つき) the dictionary gives a lone 月.
    return words.map((word, i) => (word.surface === '月' && /\d$/.test(words[i - 1]?.surface ?? '') ? { ...word, reading: 'ガツ' } : word));
  }

  /** The text as a speech engine that reads kana speaks it: kanji replaced by their reading, the rest kept. */
  async speakable(text: string): Promise<string> {
    if (!KANJI.test(text)) return text;
    return (await this.words(text)).map(({ surface, reading }) => (KANJI.test(surface) && reading ? reading : surface)).join('');
  }

  /** The text cut into runs, each run with kanji carrying its reading. */
  async furigana(text: string): Promise<FuriganaSegment[]> {
    if (!KANJI.test(text)) return [{ text }];
    const segments: FuriganaSegment[] = [];
    for (const { surface, reading } of await this.words(text)) {
      for (const part of reading ? rubyOf(surface, reading) : [{ text: surface }]) {
        const last = segments.at(-1);
        // Plain runs side by side become one, so the page gets few nodes.
        if (!part.reading && last && !last.reading) last.text += part.text;
        else segments.push({ ...part });
      }
    }
    return segments;
  }
}
