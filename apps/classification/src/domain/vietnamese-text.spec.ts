import { foldVietnamese, hasDiacritics, repairTyping, tokenize, vietnameseShare } from './vietnamese-text';

const norms = (text: string) => tokenize(text).map((t) => t.norm);

describe(foldVietnamese.name, () => {
  it('folds case and diacritics, đ included, in NFC and NFD input alike', () => {
    expect(foldVietnamese('Khiếu NẠI Đất đai')).toBe('khieu nai dat dai');
    expect(foldVietnamese('Khiếu nại'.normalize('NFD'))).toBe('khieu nai');
  });
});

describe(tokenize.name, () => {
  it('gives the same tokens with and without diacritics', () => {
    expect(norms('Tố cáo cán bộ địa chính phường')).toEqual(norms('To cao can bo dia chinh phuong'));
  });

  it('expands phone-typing habits and office abbreviations', () => {
    expect(norms('ko dc j vs ng')).toEqual(['khong', 'duoc', 'gi', 'voi', 'nguoi']);
    expect(norms('k biết làm j')).toEqual(['khong', 'biet', 'lam', 'gi']);
    expect(norms('Ủy ban nhân dân P. Kim Mã')).toEqual(['ubnd', 'phuong', 'kim', 'ma']);
    expect(norms('UB Q.Ba Đình, TP Hà Nội')).toEqual([
      'ub',
      'quan',
      'ba',
      'dinh',
      'thanh',
      'pho',
      'ha',
      'noi',
    ]);
    expect(norms('v/v GPMB, BHXH')).toEqual([
      've',
      'viec',
      'giai',
      'phong',
      'mat',
      'bang',
      'bao',
      'hiem',
      'xa',
      'hoi',
    ]);
  });

  it('marks sentence starts and keeps offsets into the text', () => {
    const text = 'Tôi khiếu nại. Đồng thời tố cáo';
    const tokens = tokenize(text);
    const dong = tokens.find((t) => t.norm === 'dong')!;
    expect(dong.isSentenceStart).toBe(true);
    expect(text.slice(dong.start, dong.end)).toBe('Đồng');
  });
});

describe(repairTyping.name, () => {
  it('undoes telex and VNI remnants only when a real syllable comes out', () => {
    expect(repairTyping('khieeus')).toBe('khieu');
    expect(repairTyping('dduwowcj')).toBe('duoc');
    expect(repairTyping('kho6ng')).toBe('khong');
    expect(repairTyping('pccc')).toBe('pccc');
    expect(repairTyping('khieu')).toBe('khieu');
  });
});

describe(vietnameseShare.name, () => {
  it('is high for Vietnamese with or without marks and low for English', () => {
    expect(vietnameseShare(tokenize('Phản ánh tình trạng ngập úng kéo dài'))).toBeGreaterThan(0.9);
    expect(vietnameseShare(tokenize('phan anh tinh trang ngap ung keo dai'))).toBeGreaterThan(0.9);
    expect(vietnameseShare(tokenize('The quick brown fox jumps over the lazy dog'))).toBeLessThan(0.5);
  });
});

describe(hasDiacritics.name, () => {
  it('tells a text typed with marks from one without', () => {
    expect(hasDiacritics('Đơn khiếu nại')).toBe(true);
    expect(hasDiacritics('Don khieu nai')).toBe(false);
  });
});
