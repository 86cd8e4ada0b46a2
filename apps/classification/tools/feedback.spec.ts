import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toFeedbackRecords } from './export-feedback';
import { loadTrainingRecords } from './train';

describe('human feedback into training', () => {
  it('exports new, valid reclassifications once, as corpus records', () => {
    const rows = [
      {
        event_id: 'e1',
        content: 'Phản ánh ngập úng',
        corrected: { kind: 'reflection', domain: 'environment', level: 'commune' },
      },
      {
        event_id: 'e2',
        content: 'Tố cáo nhận hối lộ',
        corrected: { kind: 'denunciation', domain: 'corruption', level: 'city' },
      },
      { event_id: 'e3', content: 'x', corrected: { kind: 'nonsense', domain: 'land', level: 'commune' } },
      { eventId: 'e4', content: '  ', corrected: { kind: 'reflection', domain: 'land', level: 'commune' } },
      {
        event_id: 'e2',
        content: 'Tố cáo nhận hối lộ',
        corrected: { kind: 'denunciation', domain: 'corruption', level: 'city' },
      },
    ];
    expect(toFeedbackRecords(rows, new Set(['e1']))).toEqual([
      {
        id: 'e2',
        text: 'Tố cáo nhận hối lộ',
        kind: 'denunciation',
        domain: 'corruption',
        level: 'city',
        source: 'feedback',
      },
    ]);
  });

  it('adds feedback.jsonl to the training records when it exists, replacing the corrected corpus text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'classifier-'));
    const train = join(dir, 'train.jsonl');
    const feedback = join(dir, 'feedback.jsonl');
    writeFileSync(
      train,
      [
        { text: 'Phản ánh đèn hỏng', kind: 'reflection', domain: 'traffic_infrastructure', level: 'commune' },
        {
          text: 'Kiến nghị sửa đường',
          kind: 'recommendation',
          domain: 'traffic_infrastructure',
          level: 'commune',
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    expect(loadTrainingRecords(train, feedback)).toMatchObject({ train: 2, feedback: 0 });
    writeFileSync(
      feedback,
      JSON.stringify({
        id: 'e9',
        text: 'Phản ánh đèn hỏng',
        kind: 'recommendation',
        domain: 'traffic_infrastructure',
        level: 'commune',
        source: 'feedback',
      }) + '\n',
    );
    const loaded = loadTrainingRecords(train, feedback);
    expect(loaded).toMatchObject({ train: 1, feedback: 1 });
    expect(loaded.records.filter((r) => r.text === 'Phản ánh đèn hỏng').map((r) => r.kind)).toEqual([
      'recommendation',
      'recommendation',
    ]);
  });
});
