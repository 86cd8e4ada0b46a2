import { petitionerKey, REPEAT_THRESHOLD, similarity } from './similarity';

const letter =
  'Tôi khiếu nại Quyết định số 123/QĐ-UBND ngày 5/3/2026 của UBND phường Phúc Xá về việc thu hồi đất của gia đình tôi tại ngõ 12 Phúc Xá, đề nghị xem xét lại và hủy bỏ quyết định.';

describe('repeat detection similarity', () => {
  it('scores a re-sent copy typed without diacritics as near-identical', () => {
    const plain =
      'toi khieu nai quyet dinh so 123/QD-UBND ngay 5/3/2026 cua UBND phuong Phuc Xa ve viec thu hoi dat cua gia dinh toi tai ngo 12 Phuc Xa, de nghi xem xet lai va huy bo quyet dinh';
    expect(similarity(letter, plain)).toBeGreaterThanOrEqual(0.9);
  });

  it('scores a copy with a changed date and an added sentence above the threshold', () => {
    const edited =
      letter.replace('5/3/2026', '7/3/2026') + ' Gia đình tôi đã gửi đơn nhiều lần nhưng chưa được trả lời.';
    expect(similarity(letter, edited)).toBeGreaterThanOrEqual(REPEAT_THRESHOLD);
  });

  it('scores a different petition of the same person on a similar subject below the threshold', () => {
    const other =
      'Tôi phản ánh việc công trình xây dựng bên cạnh nhà tôi tại ngõ 12 Phúc Xá gây nứt tường, đề nghị UBND phường kiểm tra xử lý.';
    expect(similarity(letter, other)).toBeLessThan(REPEAT_THRESHOLD);
  });

  it('identifies a petitioner by ID number, or by name and phone, never in clear', () => {
    expect(petitionerKey({ nationalId: '001203004567' })).toMatch(/^[0-9a-f]{64}$/);
    expect(petitionerKey({ fullName: 'Nguyễn Văn An', phone: '0912345678' })).toBe(
      petitionerKey({ fullName: 'nguyen van an', phone: '0912345678' }),
    );
    expect(petitionerKey({ fullName: 'Nguyễn Văn An' })).toBeNull();
  });
});
