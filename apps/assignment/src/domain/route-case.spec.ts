import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Directory } from './directory';
import { pickHandler, routeCase } from './route-case';

const seeds = join(__dirname, '..', '..', 'seeds', 'v1');
const load = (n: string) => JSON.parse(readFileSync(join(seeds, `${n}.json`), 'utf8'));
const dir = new Directory(load('units'), load('staff'), load('routing-rules'), load('sla-policies'));
const base = {
  kind: 'reflection',
  domain: 'environment',
  level: 'commune',
  flags: [],
  excludedUnitIds: [],
} as const;

describe(routeCase.name, () => {
  it('resolves a commune-level case at the ward where it happened', () => {
    const d = routeCase(dir, { ...base, wardCode: '00001', flags: [], excludedUnitIds: [] });
    expect(d.leadUnit.id).toBe('hn-p-00001');
    expect(d.rule.id).toBe('R090-commune');
  });

  it('sends a district-level case to the ward’s district', () => {
    expect(
      routeCase(dir, { ...base, level: 'district', wardCode: '00157', flags: [], excludedUnitIds: [] })
        .leadUnit.id,
    ).toBe('hn-q-cau-giay');
  });

  it('sends a city-level case to the department competent for its domain', () => {
    const d = routeCase(dir, {
      ...base,
      level: 'city',
      domain: 'construction',
      wardCode: '00001',
      flags: [],
      excludedUnitIds: [],
    });
    expect(d.leadUnit.id).toBe('hn-so-xd');
  });

  it('sends a case with an unknown location to the city reception board, flagged', () => {
    const d = routeCase(dir, { ...base, flags: [], excludedUnitIds: [] });
    expect(d.leadUnit.id).toBe('hn-btcd');
    expect(d.flags).toEqual(expect.arrayContaining(['location_unknown', 'manual_routing']));
  });

  it('never routes back to a unit that declined', () => {
    const d = routeCase(dir, { ...base, wardCode: '00001', flags: [], excludedUnitIds: ['hn-p-00001'] });
    expect(d.leadUnit.id).not.toBe('hn-p-00001');
  });

  it('picks the skilled handler with the fewest open cases, ties by id', () => {
    const unit = dir.unit('hn-p-00001')!;
    expect(pickHandler(dir, unit, 'land', new Map())?.id).toBe('hn-p-00001.h1');
    expect(pickHandler(dir, unit, 'environment', new Map([['hn-p-00002.h2', 0]]))?.id).toBe('hn-p-00001.h2');
  });
});
