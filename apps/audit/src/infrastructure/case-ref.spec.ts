import { directoryStreamId, userStreamId } from '@lib/contracts';
import { parseDirectoryRef, streamIdOfRef } from './case-ref';

describe(parseDirectoryRef.name, () => {
  it('reads "<kind>:<id>" for every directory kind, ids with colons included', () => {
    expect(parseDirectoryRef('unit:hn-p-00001')).toEqual({ kind: 'unit', id: 'hn-p-00001' });
    expect(parseDirectoryRef('calendar_day:2026-11-24')).toEqual({ kind: 'calendar_day', id: '2026-11-24' });
    expect(parseDirectoryRef('rule:R:105')).toEqual({ kind: 'rule', id: 'R:105' });
  });

  it('leaves case ids, tracking codes and unknown kinds alone', () => {
    expect(parseDirectoryRef('0b3c5d7e-1111-4222-8333-944455556666')).toBeUndefined();
    expect(parseDirectoryRef('HN-20261123-ABC234')).toBeUndefined();
    expect(parseDirectoryRef('building:1')).toBeUndefined();
    expect(parseDirectoryRef('unit:')).toBeUndefined();
  });
});

describe(streamIdOfRef.name, () => {
  it('names the stream of a directory entity or a user, and nothing else', () => {
    expect(streamIdOfRef('unit:hn-p-00001')).toBe(directoryStreamId('unit', 'hn-p-00001'));
    expect(streamIdOfRef('user:u-auditor')).toBe(userStreamId('u-auditor'));
    expect(streamIdOfRef('user:u-auditor')).not.toBe(streamIdOfRef('user:u-admin'));
    expect(streamIdOfRef('user:')).toBeUndefined();
    expect(streamIdOfRef('HN-20261123-ABC234')).toBeUndefined();
  });
});
