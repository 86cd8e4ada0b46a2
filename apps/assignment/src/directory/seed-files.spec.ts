import { CASE_KINDS } from '@lib/contracts';
import { policyFor } from '../domain/deadline';
import { AreaKind, Complexity, SlaStage } from '../domain/directory';
import { readSeed, validateSeed } from './seed-files';

const FOLDERS = ['apps/assignment/seeds/v1', 'apps/assignment/seeds/v2', 'apps/assignment/seeds/v2-two-tier'];

describe(validateSeed.name, () => {
  it.each(FOLDERS)('finds nothing wrong in %s', (folder) => {
    expect(validateSeed(readSeed(folder))).toEqual([]);
  });

  it('reports what is wrong, in words', () => {
    const seed = readSeed('apps/assignment/seeds/v2');
    seed.units.push({ ...seed.units[5], parentId: 'nowhere' });
    seed.rules.push({ ...seed.rules[0], targetUnitId: 'hn-missing' });
    expect(validateSeed(seed)).toEqual(
      expect.arrayContaining([
        `unit ${seed.units[5].id} is listed twice`,
        `unit ${seed.units[5].id}: parent nowhere is missing`,
        `rule ${seed.rules[0].id} is listed twice`,
      ]),
    );
  });
});

describe('the Hanoi data set (seeds/v2)', () => {
  const seed = readSeed('apps/assignment/seeds/v2');
  const districts = seed.units.filter((u) => u.type === 'district');

  it('has all 30 district-level units by their real names and types (12 quận, 1 thị xã, 17 huyện)', () => {
    expect(districts).toHaveLength(30);
    const count = (t: string) => districts.filter((d) => d.areaType === t).length;
    expect([count('quan'), count('thi_xa'), count('huyen')]).toEqual([12, 1, 17]);
    expect(districts.map((d) => d.name)).toEqual(
      expect.arrayContaining([
        'UBND Quận Ba Đình',
        'UBND Thị xã Sơn Tây',
        'UBND Huyện Ứng Hòa',
        'UBND Quận Hà Đông',
      ]),
    );
  });

  it('has the wards and communes of at least three districts, keeping the v1 codes', () => {
    const withWards = districts.filter((d) =>
      seed.units.some((u) => u.type === 'commune' && u.parentId === d.id),
    );
    expect(withWards.length).toBeGreaterThanOrEqual(3);
    const v1 = readSeed('apps/assignment/seeds/v1').units.filter((u) => u.wardCode);
    for (const u of v1) expect(seed.units.find((w) => w.wardCode === u.wardCode)?.id).toBe(u.id);
  });

  it('gives every unit a head and handlers with domain skills', () => {
    for (const u of seed.units) {
      expect(seed.staff.find((s) => s.id === u.headStaffId)?.role).toBe('unit_head');
      expect(seed.staff.some((s) => s.unitId === u.id && s.role === 'handler' && s.skills.length)).toBe(true);
    }
  });

  it('has the main city departments and boards', () => {
    const names = seed.units.filter((u) => u.level === 'city').map((u) => u.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Ban Tiếp công dân thành phố Hà Nội',
        'Thanh tra thành phố Hà Nội',
        'Sở Xây dựng',
        'Sở Nông nghiệp và Môi trường',
        'Phòng Cảnh sát PCCC và CNCH – Công an thành phố Hà Nội',
      ]),
    );
  });
});

describe('SLA policy rows', () => {
  const seed = readSeed('apps/assignment/seeds/v2');
  const days = ['2014-07-01', '2019-01-01', '2021-11-15', '2026-06-30', '2026-07-01', '2030-01-01'];

  it('never overlap: at most one row fits any kind, stage, instance, complexity and area on any day', () => {
    for (const on of days) {
      for (const kind of CASE_KINDS) {
        for (const stage of ['processing', 'acceptance', 'resolution'] as SlaStage[]) {
          for (const instance of [1, 2]) {
            for (const complexity of ['normal', 'complex'] as Complexity[]) {
              for (const area of ['normal', 'remote'] as AreaKind[]) {
                const own = seed.policies.filter(
                  (p) =>
                    p.stage === stage &&
                    (p.kind === kind || p.kind === null) &&
                    p.effectiveFrom! <= on &&
                    (!p.effectiveTo || on < p.effectiveTo) &&
                    p.instances!.includes(instance) &&
                    p.complexities!.includes(complexity) &&
                    p.areas!.includes(area),
                );
                const chosen = policyFor(seed.policies, { kind, stage, on, instance, complexity, area });
                const sameKind = own.filter((p) => p.kind === chosen?.kind);
                expect(sameKind.length).toBeLessThanOrEqual(1);
              }
            }
          }
        }
      }
    }
  });

  it('covers every kind and stage from 1 July 2026 for a first instance', () => {
    for (const kind of CASE_KINDS) {
      for (const stage of ['processing', 'acceptance', 'resolution'] as SlaStage[]) {
        expect(policyFor(seed.policies, { kind, stage, on: '2026-07-01' })).toBeDefined();
      }
    }
  });
});
