import { compileModel } from './model';
import { classifyWith } from './classifier';
import { LabelledPetition, trainModel } from './training';

const place = ['ngõ 5', 'ngõ 12', 'thôn 3', 'tổ 7', 'phố Huế', 'đường Láng'];
const records: LabelledPetition[] = place.flatMap((p, i) => [
  {
    id: `c${i}`,
    text: `Tôi khiếu nại quyết định thu hồi đất ở ${p}, đề nghị hủy bỏ`,
    kind: 'complaint',
    domain: 'compensation',
    level: 'commune',
  },
  {
    id: `d${i}`,
    text: `Tôi tố cáo cán bộ nhận hối lộ ở ${p}, đề nghị xử lý nghiêm`,
    kind: 'denunciation',
    domain: 'corruption',
    level: 'city',
  },
  {
    id: `r${i}`,
    text: `Kiến nghị lắp đèn chiếu sáng ở ${p}`,
    kind: 'recommendation',
    domain: 'traffic_infrastructure',
    level: 'commune',
  },
  {
    id: `f${i}`,
    text: `Phản ánh tình trạng rác thải bốc mùi ở ${p}`,
    kind: 'reflection',
    domain: 'environment',
    level: 'commune',
  },
]);

describe(trainModel.name, () => {
  const { artefact, report } = trainModel(records, { version: 'test-1', corpusHash: 'abc', feedback: 0 });

  it('writes a versioned artefact with three calibrated heads', () => {
    expect(artefact).toMatchObject({ version: 'test-1', corpusHash: 'abc', featureScaling: 'l2' });
    expect(artefact.heads.kind.classes).toEqual([
      'complaint',
      'denunciation',
      'recommendation',
      'reflection',
    ]);
    expect(artefact.heads.domain.classes).toHaveLength(13);
    expect(artefact.heads.level.classes).toEqual(['commune', 'district', 'city']);
    for (const t of Object.values(report.temperature)) expect(t).toBeGreaterThan(0);
  });

  it('learns what it was taught', () => {
    const m = compileModel(artefact);
    const r = classifyWith(m, { content: 'to cao can bo nhan hoi lo o thon 9' }, { wards: [] });
    expect(r).toMatchObject({ kind: 'denunciation', domain: 'corruption', modelVersion: 'test-1' });
  });
});
