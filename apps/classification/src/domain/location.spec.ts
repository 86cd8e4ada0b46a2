import { findLocation, Gazetteer, loadDefaultGazetteer, locate } from './location';
import { tokenize } from './vietnamese-text';

const gazetteer: Gazetteer = {
  wards: [
    { code: '00001', name: 'Phường Phúc Xá', districtName: 'Quận Ba Đình' },
    { code: '00028', name: 'Phường Kim Mã', districtName: 'Quận Ba Đình' },
    { code: '00163', name: 'Phường Dịch Vọng', districtName: 'Quận Cầu Giấy' },
    { code: '00166', name: 'Phường Dịch Vọng Hậu', districtName: 'Quận Cầu Giấy' },
    { code: '00034', name: 'Phường Thành Công', districtName: 'Quận Ba Đình' },
    { code: '09001', name: 'Xã Kim Chung', districtName: 'Huyện Đông Anh' },
    { code: '09002', name: 'Xã Kim Chung', districtName: 'Huyện Hoài Đức' },
  ],
};

describe(findLocation.name, () => {
  it.each([
    ['phường Phúc Xá, quận Ba Đình', '00001'],
    ['PHƯỜNG PHÚC XÁ', '00001'],
    ['phuong phuc xa quan ba dinh', '00001'],
    ['P. Phúc Xá, Q. Ba Đình', '00001'],
    ['P.Phuc Xa - Q.Ba Dinh', '00001'],
    ['UBND phường Kim Mã', '00028'],
    ['Ủy ban nhân dân P. Kim Ma', '00028'],
    ['tai p kim ma, q ba dinh, tp ha noi', '00028'],
  ])('finds the ward in "%s"', (text, code) => {
    expect(findLocation(text, gazetteer)).toMatchObject({ wardCode: code, confidence: expect.any(Number) });
  });

  it('names the district of the ward and is surer when the text names it too', () => {
    const both = findLocation('P. Kim Mã, Q. Ba Đình', gazetteer)!;
    const wardOnly = findLocation('P. Kim Mã', gazetteer)!;
    expect(both).toMatchObject({ wardName: 'Phường Kim Mã', districtName: 'Quận Ba Đình' });
    expect(both.confidence).toBeGreaterThan(wardOnly.confidence);
  });

  it('prefers the longest name ("Dịch Vọng Hậu" is not "Dịch Vọng")', () => {
    expect(findLocation('phường Dịch Vọng Hậu, Cầu Giấy', gazetteer)?.wardCode).toBe('00166');
    expect(findLocation('phường Dịch Vọng, Cầu Giấy', gazetteer)?.wardCode).toBe('00163');
  });

  it('tells apart two wards of the same name by their district', () => {
    expect(findLocation('xã Kim Chung, huyện Hoài Đức', gazetteer)?.wardCode).toBe('09002');
    expect(findLocation('X. Kim Chung, H. Đông Anh', gazetteer)?.wardCode).toBe('09001');
  });

  it('does not read a street, a house number or an ordinary word as a ward', () => {
    expect(findLocation('nhà tôi ở số 88 Kim Mã', gazetteer)).toBeUndefined();
    expect(findLocation('quán ăn trên phố Kim Mã', gazetteer)).toBeUndefined();
    expect(findLocation('dự án thành công tốt đẹp', gazetteer)).toBeUndefined();
  });

  it('finds a district alone when no ward is named', () => {
    expect(findLocation('UBND quận Hoàng Mai', gazetteer)).toMatchObject({ districtName: 'Quận Hoàng Mai' });
    expect(findLocation('h. Dong Anh', gazetteer)).toMatchObject({ districtName: 'Huyện Đông Anh' });
  });
});

describe(locate.name, () => {
  it('takes the intake ward code first, then the location text, then the petition', () => {
    const tokens = tokenize('Rác thải ở P. Kim Mã');
    expect(locate({ wardCode: '00001' }, tokens, gazetteer)?.wardCode).toBe('00001');
    expect(locate({ locationText: 'phường Phúc Xá' }, tokens, gazetteer)?.wardCode).toBe('00001');
    expect(locate({ locationText: 'không rõ địa chỉ' }, tokens, gazetteer)?.wardCode).toBe('00028');
  });
});

describe(loadDefaultGazetteer.name, () => {
  it("reads the org directory's wards with their district", () => {
    const g = loadDefaultGazetteer();
    expect(g.wards.length).toBeGreaterThanOrEqual(20);
    expect(g.wards).toContainEqual({ code: '00001', name: 'Phường Phúc Xá', districtName: 'Quận Ba Đình' });
  });
});
