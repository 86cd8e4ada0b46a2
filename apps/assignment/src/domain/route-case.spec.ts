import { CASE_DOMAINS, CaseDomain, CaseKind, CompetentLevel } from '@lib/contracts';
import { directoryFromSeed, readSeed } from '../directory/seed-files';
import { PlaceNameResolver } from './place-names';
import { CaseToRoute, pickHandler, routeCase } from './route-case';

const ON = '2026-11-23';
const dir = directoryFromSeed(readSeed('apps/assignment/seeds/v2'), ON);
const twoTier = directoryFromSeed(readSeed('apps/assignment/seeds/v2-two-tier'), ON);

const c = (over: Partial<CaseToRoute> = {}): CaseToRoute => ({
  kind: 'reflection',
  domain: 'environment',
  level: 'commune',
  flags: [],
  excludedUnitIds: [],
  ...over,
});

describe(routeCase.name, () => {
  describe('three tiers (city → district → commune, before July 2025)', () => {
    it('resolves a commune-level case at the ward where it happened', () => {
      const d = routeCase(dir, c({ wardCode: '00001' }));
      expect(d.leadUnit.id).toBe('hn-p-00001');
      expect(d.rule.id).toBe('R190-commune');
      expect(d.flags).toEqual([]);
      expect(d.reason).toMatch(/UBND xã\/phường/);
    });

    it('sends a district-level case to the ward’s district', () => {
      expect(routeCase(dir, c({ level: 'district', wardCode: '00157' })).leadUnit.id).toBe('hn-q-cau-giay');
      expect(routeCase(dir, c({ level: 'district', wardCode: '00457' })).leadUnit.id).toBe('hn-h-dong-anh');
    });

    // One case per domain and level: where the routing taxonomy (§8) sends it.
    const expected: Record<CaseDomain, Record<CompetentLevel, string>> = {
      land: { commune: 'hn-p-00220', district: 'hn-q-dong-da', city: 'hn-so-nnmt' },
      compensation: { commune: 'hn-p-00220', district: 'hn-q-dong-da', city: 'hn-so-nnmt' },
      construction: { commune: 'hn-p-00220', district: 'hn-q-dong-da', city: 'hn-so-xd' },
      apartment: { commune: 'hn-p-00220', district: 'hn-q-dong-da', city: 'hn-so-xd' },
      environment: { commune: 'hn-p-00220', district: 'hn-q-dong-da', city: 'hn-so-nnmt' },
      fire_safety: { commune: 'hn-p-00220-ca', district: 'hn-q-dong-da-ca', city: 'hn-ca-pccc' },
      traffic_infrastructure: { commune: 'hn-p-00220', district: 'hn-q-dong-da', city: 'hn-so-xd' },
      public_order: { commune: 'hn-p-00220', district: 'hn-q-dong-da', city: 'hn-cong-an' },
      corruption: { commune: 'hn-p-00220', district: 'hn-q-dong-da', city: 'hn-thanh-tra' },
      admin_procedure: { commune: 'hn-p-00220', district: 'hn-q-dong-da', city: 'hn-so-tu-phap' },
      social_policy: { commune: 'hn-p-00220', district: 'hn-q-dong-da', city: 'hn-so-noi-vu' },
      health_education_culture: { commune: 'hn-p-00220', district: 'hn-q-dong-da', city: 'hn-so-y-te' },
      other: { commune: 'hn-btcd', district: 'hn-btcd', city: 'hn-btcd' },
    };
    const grid = CASE_DOMAINS.flatMap((domain) =>
      (['commune', 'district', 'city'] as const).map((level) => [domain, level] as const),
    );
    it.each(grid)('routes a %s case at %s level per the taxonomy', (domain, level) => {
      const d = routeCase(dir, c({ kind: 'recommendation', domain, level, wardCode: '00220' }));
      expect(d.leadUnit.id).toBe(expected[domain][level]);
      expect(d.coordinatingUnitIds).not.toContain(d.leadUnit.id);
    });

    it('names coordinating units: the ward police for public order, the commune PC for fire safety', () => {
      expect(routeCase(dir, c({ domain: 'public_order', wardCode: '00220' })).coordinatingUnitIds).toEqual([
        'hn-p-00220-ca',
      ]);
      expect(routeCase(dir, c({ domain: 'fire_safety', wardCode: '00220' })).coordinatingUnitIds).toEqual([
        'hn-p-00220',
      ]);
      expect(routeCase(dir, c({ domain: 'compensation', level: 'city' })).coordinatingUnitIds).toEqual([
        'hn-so-tc',
      ]);
    });

    it('sends a denunciation of an official to the body above the official’s unit', () => {
      const commune = routeCase(dir, c({ kind: 'denunciation', domain: 'corruption', wardCode: '00220' }));
      expect(commune.leadUnit.id).toBe('hn-q-dong-da');
      expect(commune.rule.id).toBe('R060-denounced-official-commune');
      const district = routeCase(
        dir,
        c({ kind: 'denunciation', domain: 'corruption', level: 'district', wardCode: '00220' }),
      );
      expect(district.leadUnit.id).toBe('hn');
      expect(district.coordinatingUnitIds).toEqual(['hn-thanh-tra']);
      const city = routeCase(dir, c({ kind: 'denunciation', domain: 'corruption', level: 'city' }));
      expect(city.leadUnit.id).toBe('hn');
      // A reflection about the same misconduct stays with the unit itself.
      expect(routeCase(dir, c({ domain: 'corruption', wardCode: '00220' })).leadUnit.id).toBe('hn-p-00220');
    });

    it('routes a skip-level petition down to the competent unit and flags it', () => {
      const d = routeCase(
        dir,
        c({ kind: 'complaint', domain: 'land', wardCode: '00001', submittedToLevel: 'city' }),
      );
      expect(d.leadUnit.id).toBe('hn-p-00001');
      expect(d.flags).toEqual(['skip_level', 'guide_petitioner']);
      expect(d.annotations.map((a) => a.id)).toEqual(['A010-skip-level', 'A020-skip-level-complaint']);
      expect(d.reason).toMatch(/vượt cấp \(cấp thành phố\) về việc thuộc thẩm quyền cấp xã/);
      const central = routeCase(
        dir,
        c({ level: 'district', wardCode: '00001', submittedToLevel: 'central' }),
      );
      expect(central.leadUnit.id).toBe('hn-q-ba-dinh');
      expect(central.flags).toEqual(['skip_level']);
    });

    it('does not flag a petition sent to the competent level, or to the body above an official', () => {
      expect(routeCase(dir, c({ wardCode: '00001', submittedToLevel: 'commune' })).flags).toEqual([]);
      const d = routeCase(
        dir,
        c({ kind: 'denunciation', domain: 'corruption', wardCode: '00001', submittedToLevel: 'district' }),
      );
      expect(d.leadUnit.id).toBe('hn-q-ba-dinh');
      expect(d.flags).toEqual([]);
    });

    it('sends a case with an unknown location to the city reception board, flagged', () => {
      for (const loc of [{}, { wardCode: '99999' }]) {
        const d = routeCase(dir, c(loc));
        expect(d.leadUnit.id).toBe('hn-btcd');
        expect(d.flags).toEqual(['location_unknown', 'manual_routing']);
      }
      // A city-level matter needs no place: the department is competent wherever it happened.
      expect(routeCase(dir, c({ level: 'city', domain: 'land' })).leadUnit.id).toBe('hn-so-nnmt');
    });

    it('sends a commune-level case whose ward is unknown to its district, flagged', () => {
      const d = routeCase(dir, c({ areaUnitId: 'hn-q-hai-ba-trung' }));
      expect(d.leadUnit.id).toBe('hn-q-hai-ba-trung');
      expect(d.flags).toEqual(['ward_unknown', 'manual_routing']);
    });

    it('re-routes a declined case to the body above, never back to the unit that declined', () => {
      const d = routeCase(
        dir,
        c({ wardCode: '00001', flags: ['declined'], excludedUnitIds: ['hn-p-00001'] }),
      );
      expect(d.leadUnit.id).toBe('hn-q-ba-dinh');
      expect(d.rule.id).toBe('R900-declined');
      const again = routeCase(
        dir,
        c({ wardCode: '00001', flags: ['declined'], excludedUnitIds: ['hn-p-00001', 'hn-q-ba-dinh'] }),
      );
      expect(again.leadUnit.id).toBe('hn-btcd');
      const dept = routeCase(
        dir,
        c({ level: 'city', domain: 'land', flags: ['declined'], excludedUnitIds: ['hn-so-nnmt'] }),
      );
      expect(dept.leadUnit.id).toBe('hn');
    });
  });

  describe('two tiers (city → commune, from July 2025), same code', () => {
    it('resolves a commune-level case at the new ward', () => {
      expect(routeCase(twoTier, c({ wardCode: '00163' })).leadUnit.id).toBe('hn-pw-cau-giay');
    });

    it('gives a former district-level matter to the commune, flagged', () => {
      const d = routeCase(twoTier, c({ level: 'district', wardCode: '00163' }));
      expect(d.leadUnit.id).toBe('hn-pw-cau-giay');
      expect(d.flags).toContain('district_level_abolished');
    });

    it('sends a denunciation of a commune official to the city, the body above', () => {
      const d = routeCase(twoTier, c({ kind: 'denunciation', domain: 'corruption', wardCode: '00163' }));
      expect(d.leadUnit.id).toBe('hn');
      expect(d.coordinatingUnitIds).toEqual(['hn-thanh-tra']);
    });

    it('routes skip-level, unknown-location, fire-safety and declined cases', () => {
      const skip = routeCase(twoTier, c({ wardCode: '00163', submittedToLevel: 'city' }));
      expect([skip.leadUnit.id, skip.flags]).toEqual(['hn-pw-cau-giay', ['skip_level']]);
      expect(routeCase(twoTier, c()).leadUnit.id).toBe('hn-btcd');
      expect(routeCase(twoTier, c({ domain: 'fire_safety', wardCode: '00163' })).leadUnit.id).toBe(
        'hn-pw-cau-giay-ca',
      );
      const declined = routeCase(
        twoTier,
        c({ wardCode: '00163', flags: ['declined'], excludedUnitIds: ['hn-pw-cau-giay'] }),
      );
      expect(declined.leadUnit.id).toBe('hn');
    });

    it('finds a new ward by the name of a former ward merged into it', () => {
      const places = new PlaceNameResolver(twoTier);
      const unit = places.resolve('', 'Phường Hàng Bạc').unit!;
      expect(routeCase(twoTier, c({ areaUnitId: unit.id })).leadUnit.name).toBe('UBND Phường Hoàn Kiếm');
    });
  });
});

describe(pickHandler.name, () => {
  const unit = dir.unit('hn-p-00001')!;

  it('picks the staff member with the domain skill and the fewest open cases, ties by id', () => {
    expect(pickHandler(dir, unit, 'land', new Map())?.id).toBe('hn-p-00001.h1');
    expect(pickHandler(dir, unit, 'land', new Map([['hn-p-00001.h1', 3]]))?.id).toBe('hn-p-00001.h2');
    expect(pickHandler(dir, unit, 'social_policy', new Map())?.id).toBe('hn-p-00001.h4');
  });

  it('falls back to a general handler when nobody has the skill', () => {
    const btcd = dir.unit('hn-btcd')!;
    expect(pickHandler(dir, btcd, 'land', new Map([['hn-btcd.h1', 1]]))?.id).toBe('hn-btcd.h2');
  });

  it('keeps the unit head as the responsible person, not the handler', () => {
    expect(unit.headStaffId).toBe('hn-p-00001.head');
    expect(dir.staffOf(unit.id).find((s) => s.id === unit.headStaffId)?.role).toBe('unit_head');
  });
});

describe('routing is data', () => {
  it('routes every kind, domain and level to exactly one existing unit in both trees', () => {
    const kinds: CaseKind[] = ['complaint', 'denunciation', 'recommendation', 'reflection'];
    for (const d of [dir, twoTier]) {
      for (const kind of kinds) {
        for (const domain of CASE_DOMAINS) {
          for (const level of ['commune', 'district', 'city'] as const) {
            for (const wardCode of [undefined, '00163']) {
              const r = routeCase(d, c({ kind, domain, level, wardCode }));
              expect(d.unit(r.leadUnit.id)).toBeDefined();
              expect(d.staffOf(r.leadUnit.id).length).toBeGreaterThan(0);
            }
          }
        }
      }
    }
  });
});
