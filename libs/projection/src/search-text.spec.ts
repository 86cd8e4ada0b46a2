import { seededRandom } from '@lib/domain';
import { foldForSearch, foldForSearchReference } from './search-text';

describe('foldForSearch', () => {
  it('folds Vietnamese text to lower case without diacritics, whitespace collapsed', () => {
    expect(foldForSearch('  Phúc   Xá,\tĐống Đa\n ')).toBe('phuc xa, dong da');
    expect(foldForSearch('PHƯỜNG NGỌC HÀ')).toBe('phuong ngoc ha');
    expect(foldForSearch('Nguyễn Thị Ánh')).toBe('nguyen thi anh');
    expect(foldForSearch('')).toBe('');
    expect(foldForSearch(' \u00a0 ')).toBe('');
  });

  it('equals the definition for every single character up to U+2FFF', () => {
    for (let c = 0; c < 0x3000; c++) {
      const s = String.fromCharCode(c);
      if (foldForSearch(s) !== foldForSearchReference(s))
        throw new Error(`U+${c.toString(16)} folds differently`);
      const t = `a${s}b ${s}`;
      if (foldForSearch(t) !== foldForSearchReference(t))
        throw new Error(`U+${c.toString(16)} in a text differs`);
    }
  });

  it('equals the definition on random texts, decomposed, mixed with marks, other scripts and whitespace', () => {
    const pieces = [
      ...'abcxyzABCXYZ0189.,;:!?()/-"\'',
      ...'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ',
      ...'ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ',
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00a0',
      '\u2003',
      '\u3000',
      '\u0301', // combining acute
      '\u0323', // combining dot below
      '\u0309', // combining hook above
      'İ',
      'ß',
      'Σ',
      'ς',
      'Ω',
      '\u212b', // angstrom sign
      '中',
      '\ud83d\ude00', // a character outside the BMP
      '\ud800', // a lone surrogate
      'ǅ',
      'ﬁ',
    ];
    const rnd = seededRandom(20261204);
    for (let n = 0; n < 20000; n++) {
      const len = Math.floor(rnd() * 24);
      let s = '';
      for (let i = 0; i < len; i++) s += pieces[Math.floor(rnd() * pieces.length)];
      if (rnd() < 0.3) s = s.normalize('NFD');
      const fast = foldForSearch(s);
      const ref = foldForSearchReference(s);
      if (fast !== ref)
        throw new Error(`${JSON.stringify(s)}: ${JSON.stringify(fast)} ≠ ${JSON.stringify(ref)}`);
    }
  });
});
