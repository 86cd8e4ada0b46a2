import { mediaTypeFits, sniffMediaType } from './media-type';

const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj');
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const jpeg = Buffer.from('ffd8ffe000104a464946', 'hex');
const docx = Buffer.from('504b030414000600', 'hex');
const text = Buffer.from('Biên bản làm việc ngày 20/11/2026', 'utf8');

describe(mediaTypeFits.name, () => {
  it.each([
    ['application/pdf', pdf],
    ['APPLICATION/PDF', pdf],
    ['image/png', png],
    ['image/jpeg', jpeg],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx],
    ['text/plain', text],
    ['application/octet-stream', png],
  ])('accepts %s for matching bytes', (type, bytes) => {
    expect(mediaTypeFits(type, bytes).fits).toBe(true);
  });

  it.each([
    ['image/png', pdf, /PDF/],
    ['application/pdf', jpeg, /JPEG/],
    ['image/jpeg', text, undefined],
    ['text/plain', pdf, /PDF/],
  ])('refuses %s for other bytes and says what they are', (type, bytes, detected) => {
    const fit = mediaTypeFits(type, bytes);
    expect(fit.fits).toBe(false);
    if (detected) expect(fit.detected).toMatch(detected);
    else expect(fit.detected).toBeUndefined();
  });

  it('does not take text that starts with BM or ID3 for a bitmap or an MP3', () => {
    expect(sniffMediaType(Buffer.from('BMT Ban Mê Thuột, biên bản số 12'))).toBeUndefined();
    expect(sniffMediaType(Buffer.from('ID3 là mã số hồ sơ'))).toBeUndefined();
  });
});
