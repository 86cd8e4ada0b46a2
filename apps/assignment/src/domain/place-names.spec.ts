import { directoryFromSeed, readSeed } from '../directory/seed-files';
import { bareName, foldDiacritics, nameCandidates, PlaceNameResolver } from './place-names';

const dir = directoryFromSeed(readSeed('apps/assignment/seeds/v2'), '2026-11-23');
const places = new PlaceNameResolver(dir);
const where = (district: string, ward: string) => {
  const r = places.resolve(district, ward);
  return { id: r.unit?.id, flags: r.flags };
};

describe(PlaceNameResolver.name, () => {
  it.each([
    ['Quận Ba Đình', 'Phường Phúc Xá'],
    ['Q. Ba Dinh', 'P. Phuc Xa'],
    ['quan ba dinh', 'phuong phuc xa'],
    ['Q.Ba Đình', 'P.Phúc Xá'],
    ['Ba Đình', 'Phúc Xá'],
    ['BA DINH', 'PHUC XA'],
    ['', 'phường Phúc Xá, Hà Nội'],
    ['UBND quận Ba Đình', 'UBND phường Phúc Xá'],
  ])('finds the ward from "%s" / "%s"', (district, ward) => {
    expect(where(district, ward)).toEqual({ id: 'hn-p-00001', flags: [] });
  });

  it('reads communes, townships and rural districts', () => {
    expect(where('huyện Đông Anh', 'xã Xuân Nộn').id).toBe('hn-p-00457');
    expect(where('H. Dong Anh', 'X. Co Loa').id).toBe('hn-p-00505');
    expect(where('Đông Anh', 'TT Đông Anh').id).toBe('hn-p-00454');
    expect(where('TX Sơn Tây', '')).toEqual({ id: 'hn-tx-son-tay', flags: ['ward_unknown'] });
    expect(where('thi xa Son Tay', '').id).toBe('hn-tx-son-tay');
  });

  it('does not mistake a name that starts like a type word for the type word', () => {
    expect(where('Cầu Giấy', 'Quan Hoa').id).toBe('hn-p-00160');
    expect(where('Cầu Giấy', 'Phường Quan Hoa').id).toBe('hn-p-00160');
    expect(where('Đống Đa', 'Phương Mai').id).toBe('hn-p-00253');
    expect(where('Đống Đa', 'P. Phương Mai').id).toBe('hn-p-00253');
    expect(where('Ba Đình', 'Quán Thánh').id).toBe('hn-p-00013');
  });

  it('accepts both placements of the tone mark (Thụy / Thuỵ, Hòa / Hoà)', () => {
    expect(where('Tây Hồ', 'Thuỵ Khuê').id).toBe('hn-p-00112');
    expect(where('Cầu Giấy', 'Yên Hoà').id).toBe('hn-p-00175');
  });

  it('falls back to the district when the ward is not found, and says so', () => {
    expect(where('Quận Đống Đa', 'Phường Không Có')).toEqual({ id: 'hn-q-dong-da', flags: ['ward_unknown'] });
  });

  it('prefers the ward wherever it is when the district named does not contain it', () => {
    expect(where('Quận Hoàn Kiếm', 'Phúc Xá')).toEqual({ id: 'hn-p-00001', flags: ['district_mismatch'] });
  });

  it('finds nothing in empty or unknown names', () => {
    expect(where('', '')).toEqual({ id: undefined, flags: [] });
    expect(where('Quận 1', 'Bến Nghé')).toEqual({ id: undefined, flags: [] });
  });
});

describe('name helpers', () => {
  it('strips at most the administrative prefixes, one at a time', () => {
    expect(nameCandidates('UBND Phường Quan Hoa')).toEqual([
      'ubnd phường quan hoa',
      'phường quan hoa',
      'quan hoa',
      'hoa',
    ]);
    expect(bareName('UBND Quận Ba Đình')).toBe('ba đình');
    expect(bareName('UBND Phường Quan Hoa')).toBe('quan hoa');
    expect(foldDiacritics('Đống Đa')).toBe('Dong Da');
  });
});
