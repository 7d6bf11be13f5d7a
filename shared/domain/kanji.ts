/** A kanji (CJK ideographs and their iteration marks): what gets a reading for speech and furigana. */
export const KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]/u;
