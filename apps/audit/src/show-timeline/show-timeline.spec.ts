import { DirectoryChangedV1 } from '@lib/contracts';
import { directoryChangeSummary } from './show-timeline.use-case';

const change = (over: Partial<DirectoryChangedV1>): DirectoryChangedV1 =>
  ({
    changeId: '1',
    entityKind: 'unit',
    entityId: 'hn-p-00001',
    operation: 'update',
    status: 'applied',
    effectiveFrom: '2026-12-01',
    effectiveTo: null,
    reason: 'r',
    before: null,
    after: null,
    ...over,
  }) as DirectoryChangedV1;

describe(directoryChangeSummary.name, () => {
  it('says what changed, from when, until when, and whether it waits for its day', () => {
    expect(directoryChangeSummary(change({ status: 'scheduled' }))).toBe(
      'Danh mục: sửa đổi unit hn-p-00001, hiệu lực từ 2026-12-01 (chờ đến ngày hiệu lực)',
    );
    expect(directoryChangeSummary(change({ operation: 'retire', effectiveTo: '2026-12-01' }))).toBe(
      'Danh mục: thôi áp dụng unit hn-p-00001 từ 2026-12-01',
    );
    expect(
      directoryChangeSummary(change({ operation: 'create', entityKind: 'policy', entityId: 'SLA-x' })),
    ).toBe('Danh mục: tạo mới policy SLA-x, hiệu lực từ 2026-12-01');
  });
});
