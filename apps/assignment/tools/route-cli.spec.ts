import { directoryFromSeed, readSeed } from '../src/directory/seed-files';
import { LineRouter, parseLevel } from './route-cli';

const router = new LineRouter(directoryFromSeed(readSeed('apps/assignment/seeds/v2'), '2026-11-23'));
const twoTier = new LineRouter(
  directoryFromSeed(readSeed('apps/assignment/seeds/v2-two-tier'), '2026-11-23'),
);
const line = (o: Record<string, unknown>) =>
  JSON.stringify({
    id: 'x',
    kind: 'reflection',
    domain: 'environment',
    level: 'commune',
    district: '',
    ward: '',
    submittedToLevel: '',
    ...o,
  });

describe('route CLI', () => {
  it('writes the contract fields only, the lead unit as {id, name, level}', () => {
    const out = router.route(line({ id: 7, district: 'Q. Ba Đình', ward: 'P. Phúc Xá' }));
    expect(out).toEqual({
      id: 7,
      leadUnit: { id: 'hn-p-00001', name: 'UBND Phường Phúc Xá', level: 'commune' },
      coordinatingUnits: [],
      flags: [],
      reason: 'Giải quyết tại cơ sở: UBND xã/phường nơi phát sinh vụ việc',
    });
  });

  it('flags a skip-level petition and routes it down', () => {
    const out = router.route(
      line({
        kind: 'complaint',
        domain: 'land',
        district: 'cau giay',
        ward: 'phuong dich vong hau',
        submittedToLevel: 'city',
      }),
    );
    expect(out.leadUnit.id).toBe('hn-p-00166');
    expect(out.flags).toContain('skip_level');
  });

  it('lists coordinating units with their names and levels', () => {
    const out = router.route(line({ domain: 'fire_safety', district: 'Tây Hồ', ward: 'Bưởi' }));
    expect(out.leadUnit).toEqual({ id: 'hn-p-00109-ca', name: 'Công an phường Bưởi', level: 'commune' });
    expect(out.coordinatingUnits).toEqual([{ id: 'hn-p-00109', name: 'UBND Phường Bưởi', level: 'commune' }]);
  });

  it('sends unknown places and unreadable lines to the reception board, flagged', () => {
    expect(router.route(line({ ward: 'Phường Không Tồn Tại' })).leadUnit.id).toBe('hn-btcd');
    expect(router.route('{"id":')).toMatchObject({
      id: null,
      leadUnit: { id: 'hn-btcd' },
      flags: ['invalid_input', 'manual_routing'],
    });
    expect(router.route(line({ kind: 'petition' })).flags).toEqual(['invalid_input', 'manual_routing']);
  });

  it('accepts the words people use for levels and kinds', () => {
    expect(parseLevel('Cấp xã')).toBe('commune');
    expect(parseLevel('quan')).toBe('district');
    expect(parseLevel('Thành phố')).toBe('city');
    expect(parseLevel('trung ương')).toBe('central');
    expect(
      router.route(line({ kind: 'khiếu nại', level: 'xã', district: 'Ba Đình', ward: 'Kim Mã' })).leadUnit.id,
    ).toBe('hn-p-00028');
  });

  it('routes the same lines on the two-tier tree with the same code', () => {
    expect(twoTier.route(line({ ward: 'Phường Cầu Giấy' })).leadUnit.id).toBe('hn-pw-cau-giay');
    expect(twoTier.route(line({ district: 'Quận Hoàn Kiếm', ward: 'Hàng Bạc' })).leadUnit.id).toBe(
      'hn-pw-hoan-kiem',
    );
  });
});
