import { describe, expect, it } from 'vitest';
import { JapaneseReading, rubyOf, toHiragana } from '../../electron/core/speech/japanese-reading';

const reading = new JapaneseReading();

describe('the Japanese reading (kuromoji, its dictionary inside the npm package)', () => {
  it('gives the kanji of a screen their reading, and keeps kana, Latin letters and digits as they are', async () => {
    expect(await reading.speakable('新しいパスワードを入力してください。')).toBe('アタラシイパスワードをニュウリョクしてください。');
    expect(await reading.speakable('iTSCOM IDの変更')).toBe('iTSCOM IDのヘンコウ');
    expect(await reading.speakable('あと30秒で最初の画面に戻ります')).toBe('あと30ビョウでサイショのガメンにモドリます');
  });

  it('puts the reading over the kanji only, the okurigana beside it', () => {
    expect(rubyOf('新しい', 'アタラシイ')).toEqual([{ text: '新', reading: 'あたら' }, { text: 'しい' }]);
    expect(rubyOf('お客', 'オキャク')).toEqual([{ text: 'お' }, { text: '客', reading: 'きゃく' }]);
    expect(rubyOf('変更', 'ヘンコウ')).toEqual([{ text: '変更', reading: 'へんこう' }]);
    expect(rubyOf('問い合わせ', 'トイアワセ')).toEqual([{ text: '問', reading: 'と' }, { text: 'い' }, { text: '合', reading: 'あ' }, { text: 'わせ' }]);
    expect(rubyOf('受け取れ', 'ウケトレ')).toEqual([{ text: '受', reading: 'う' }, { text: 'け' }, { text: '取', reading: 'と' }, { text: 'れ' }]);
    // Kana that do not line up with the reading: the whole reading over the whole word.
    expect(rubyOf('取り', 'シュ')).toEqual([{ text: '取り', reading: 'しゅ' }]);
    expect(rubyOf('パスワード', 'パスワード')).toEqual([{ text: 'パスワード' }]);
    expect(toHiragana('ニュウリョク')).toBe('にゅうりょく');
  });

  it('cuts a sentence into runs: plain text joined, each kanji word with its reading', async () => {
    expect(await reading.furigana('パスワードの変更ができます。')).toEqual([
      { text: 'パスワードの' },
      { text: '変更', reading: 'へんこう' },
      { text: 'ができます。' },
    ]);
    expect(await reading.furigana('English only')).toEqual([{ text: 'English only' }]);
    // A screen word the dictionary cuts wrongly (更 さら + 新月 しんげつ) has its own reading.
    expect(await reading.furigana('(更新月:2025年1月)')).toEqual([
      { text: '(' },
      { text: '更新月', reading: 'こうしんづき' },
      { text: ':2025' },
      { text: '年', reading: 'ねん' },
      { text: '1' },
      { text: '月', reading: 'がつ' },
      { text: ')' },
    ]);
    expect(await reading.speakable('更新月')).toBe('コウシンヅキ');
    expect(await reading.speakable('パスワードが正しくありません。')).toBe('パスワードがタダシクありません。');
  });
});
