import { classify } from '../src/domain/classifier';
import { processLine, processLines } from './classify-cli';

describe('classify CLI', () => {
  const input = [
    JSON.stringify({ id: 'a1', text: 'Tôi tố cáo cán bộ địa chính phường nhận hối lộ khi làm sổ đỏ.' }),
    JSON.stringify({ id: 2, text: 'phan anh tinh trang ngap ung keo dai o ngo 5' }),
    'this line is not JSON',
    JSON.stringify({ id: 'empty', text: '' }),
    '',
  ];

  it('writes exactly one line per input line, in order, with the contract fields only', () => {
    const out = processLines(input).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(4);
    expect(out.map((o) => o.id)).toEqual(['a1', 2, null, 'empty']);
    for (const o of out) {
      expect(Object.keys(o)).toEqual(['id', 'kind', 'domain', 'level', 'urgent', 'confidence']);
      expect(typeof o.urgent).toBe('boolean');
      expect(Object.keys(o.confidence as object)).toEqual(['kind', 'domain', 'level']);
    }
    expect(out[0]).toMatchObject({ kind: 'denunciation', domain: 'corruption' });
    expect(out[1]).toMatchObject({ kind: 'reflection', domain: 'environment' });
  });

  it('uses the same classify() as the service', () => {
    const r = classify({ content: 'Kiến nghị UBND phường lắp đèn chiếu sáng ngõ 12.' });
    const line = JSON.parse(
      processLine(JSON.stringify({ id: 'x', text: 'Kiến nghị UBND phường lắp đèn chiếu sáng ngõ 12.' })),
    );
    expect(line).toEqual({
      id: 'x',
      kind: r.kind,
      domain: r.domain,
      level: r.level,
      urgent: r.isUrgent,
      confidence: r.confidence,
    });
  });

  it('answers every one of 300 lines, in order', () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({
        id: i,
        text: `Phản ánh tình trạng rác thải tồn đọng ở ngõ ${i} phố Kim Mã, đề nghị phường xử lý.`,
      }),
    );
    const out = processLines(lines).map((l) => JSON.parse(l).id);
    expect(out).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });
});
