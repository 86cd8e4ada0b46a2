import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_DOMAINS, CASE_KINDS, COMPETENT_LEVELS } from '@lib/contracts';
import { classify, ClassificationResult, ENORMOUS_CHARS } from './classifier';
import { evaluate } from './evaluation';
import { defaultModel } from './model-store';
import { LabelledPetition } from './training';
import { hasDiacritics } from './vietnamese-text';

const corpus = (name: string): LabelledPetition[] =>
  readFileSync(join(__dirname, '..', '..', 'corpus', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledPetition);

const stripMarks = (t: string) =>
  t
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

const labels = { kinds: CASE_KINDS, domains: CASE_DOMAINS, levels: COMPETENT_LEVELS };
const evalSplit = corpus('eval.jsonl');
const predictions = evalSplit.map((r) => classify({ content: r.text }));
const report = evaluate(evalSplit, predictions, labels, hasDiacritics);

const isUnreadable = (r: ClassificationResult) =>
  r.domain === 'other' &&
  r.confidence.kind < 0.35 &&
  r.confidence.domain < 0.35 &&
  r.secondaryKinds.length === 0;

describe('classify on the held-out evaluation split', () => {
  it('is never trained on: no evaluation text appears in the training split', () => {
    const train = new Set(corpus('train.jsonl').map((r) => r.text));
    expect(evalSplit.length).toBeGreaterThanOrEqual(300);
    expect(evalSplit.filter((r) => train.has(r.text))).toEqual([]);
  });

  it('reaches macro-F1 ≥ 0.90 on kind, ≥ 0.85 on domain and ≥ 0.80 level accuracy', () => {
    expect(report.kind.macroF1).toBeGreaterThanOrEqual(0.9);
    expect(report.domain.macroF1).toBeGreaterThanOrEqual(0.85);
    expect(report.level.accuracy).toBeGreaterThanOrEqual(0.8);
  });

  it('covers every kind, domain and level in the evaluation split', () => {
    expect(report.kind.perLabel.every((p) => p.support > 0)).toBe(true);
    expect(report.domain.perLabel.every((p) => p.support > 0)).toBe(true);
    expect(report.level.perLabel.every((p) => p.support > 0)).toBe(true);
  });

  it('scores the petitions typed without diacritics no more than 3 points below the others', () => {
    expect(report.withoutDiacritics.n).toBeGreaterThan(evalSplit.length / 5);
    expect(report.withDiacritics.kindF1 - report.withoutDiacritics.kindF1).toBeLessThanOrEqual(0.03);
    expect(report.withDiacritics.domainF1 - report.withoutDiacritics.domainF1).toBeLessThanOrEqual(0.03);
  });

  it('gives the same labels when every evaluation petition is retyped without diacritics', () => {
    const stripped = evalSplit.map((r) => classify({ content: stripMarks(r.text) }));
    const changed = stripped.filter(
      (s, i) =>
        s.kind !== predictions[i].kind ||
        s.domain !== predictions[i].domain ||
        s.level !== predictions[i].level,
    );
    expect(changed).toEqual([]);
  });

  it('routes most cases automatically and sends the doubtful ones to triage', () => {
    expect(report.triage.share).toBeLessThan(0.25);
    expect(report.triage.accuracyRouted).toBeGreaterThan(report.triage.accuracyTriaged);
    expect(report.triage.accuracyRouted).toBeGreaterThanOrEqual(0.9);
  });
});

describe('classify on one petition', () => {
  it('decides kind, domain and level with the cues that decided and the model version', () => {
    const r = classify({
      content:
        'Tôi khiếu nại Quyết định số 1180/QĐ-UBND của Chủ tịch UBND quận Cầu Giấy về việc xử phạt vi phạm hành chính ' +
        'trong lĩnh vực xây dựng đối với gia đình tôi, vì gia đình tôi xây đúng giấy phép. Đề nghị hủy bỏ quyết định.',
    });
    expect(r).toMatchObject({
      kind: 'complaint',
      domain: 'construction',
      level: 'district',
      isUrgent: false,
    });
    expect(r.confidence.kind).toBeGreaterThanOrEqual(0.35);
    expect(r.confidence.domain).toBeGreaterThanOrEqual(0.35);
    expect(r.modelVersion).toBe(defaultModel().artefact.version);
    expect(r.explanation.find((e) => e.startsWith('kind complaint'))).toContain('khieu nai');
  });

  it('reads phone typing: no diacritics, "ko", "dc", "j", "ubnd" and telex remnants', () => {
    const plain = classify({
      content: 'toi to cao can bo dia chinh phuong nhan hoi lo 20 trieu de lam so do cho nguoi quen',
    });
    const teen = classify({
      content:
        'to cao cb dia chinh P. Kim Ma nhan tien ko co bien lai, lam so do dc nhanh, dan ko biet kêu j',
    });
    const telex = classify({
      content: 'tooi toos caos caans booj ddiaj chinhs phuwowngf nhaanj hoois loojw',
    });
    for (const r of [plain, teen, telex])
      expect(r).toMatchObject({ kind: 'denunciation', domain: 'corruption' });
  });

  it('does not take a loosely used "khiếu nại" for a complaint', () => {
    const r = classify({
      content:
        'Bà con đã khiếu nại nhiều lần với tổ dân phố về việc cống rãnh tắc nghẽn, nước thải bốc mùi hôi thối ở ngõ 5 ' +
        'nhưng không ai giải quyết. Tôi phản ánh để phường kiểm tra.',
    });
    expect(r).toMatchObject({ kind: 'reflection', domain: 'environment' });
  });

  it('flags a mixed petition with the secondary kind and the passage behind it', () => {
    const r = classify({
      content:
        'Tôi khiếu nại Quyết định số 3391/QĐ-UBND của UBND huyện Hoài Đức về việc phê duyệt giá bồi thường vì giá quá thấp. ' +
        'Đồng thời, tôi tố cáo ông Đặng Văn Lực, cán bộ Trung tâm phát triển quỹ đất huyện, đã đòi tôi đưa 50 triệu đồng.',
    });
    expect(r.kind).toBe('complaint');
    expect(r.secondaryKinds).toEqual(['denunciation']);
    expect(r.mixedPassages).toEqual([
      { kind: 'denunciation', passage: expect.stringMatching(/^Đồng thời, tôi tố cáo ông Đặng Văn Lực/) },
    ]);
  });

  it("does not call a polite closing or a denunciation's demand a second kind", () => {
    const r = classify({
      content:
        'Tôi tố cáo chủ công trình số 15 ngõ 68 Cầu Giấy xây nhà 6 tầng trong khi giấy phép chỉ cho 4 tầng. ' +
        'Đề nghị xử lý nghiêm. Rất mong nhận được phản hồi sớm.',
    });
    expect(r.kind).toBe('denunciation');
    expect(r.secondaryKinds).toEqual([]);
    expect(r.mixedPassages).toBeUndefined();
  });

  it('marks risk to life as urgent with the reason, but not a request to hurry', () => {
    const risky = classify({
      content: 'Tường nhà tôi đã nứt toác do công trình bên cạnh đào móng, có nguy cơ sập đổ bất cứ lúc nào.',
    });
    expect(risky).toMatchObject({ isUrgent: true, urgentReason: 'risk of collapse' });
    const calm = classify({
      content: 'Đề nghị UBND phường khẩn trương sửa đèn chiếu sáng ngõ 12, không có nguy cơ cháy nổ gì.',
    });
    expect(calm.isUrgent).toBe(false);
  });

  it('finds the ward and district in the text when intake did not set one', () => {
    const r = classify({
      content: 'Phản ánh rác thải tồn đọng nhiều ngày tại ngõ 3, P. Kim Mã, Q. Ba Đình.',
    });
    expect(r.location).toMatchObject({
      wardCode: '00028',
      wardName: 'Phường Kim Mã',
      districtName: 'Quận Ba Đình',
    });
    expect(r.location!.confidence).toBeGreaterThan(0.9);
  });

  it('keeps the intake ward code when there is one', () => {
    const r = classify({ content: 'Phản ánh rác thải tại P. Kim Mã.', wardCode: '00001' });
    expect(r.location).toEqual({
      wardCode: '00001',
      wardName: 'Phường Phúc Xá',
      districtName: 'Quận Ba Đình',
      confidence: 1,
    });
  });

  it('puts a genuinely ambiguous text below the triage threshold', () => {
    const r = classify({
      content: 'Tôi có việc cần trình bày với các anh chị về chuyện ở khu nhà tôi, mong được giúp đỡ.',
    });
    expect(Math.min(r.confidence.kind, r.confidence.domain)).toBeLessThan(0.35);
  });
});

describe('classify on text it cannot read', () => {
  const garbage: [string, string][] = [
    ['empty', ''],
    ['whitespace', '   \n\t  '],
    ['digits and punctuation', '12345 !!! ??? 0987654321 ...'],
    ['random letters', 'asdkjh qwe zzxq pplk mnbv xcvb'],
    ['English', 'The quick brown fox jumps over the lazy dog near the river bank.'],
    ['Russian', 'Привет, как дела? Это не вьетнамский текст.'],
    ['Chinese', '这是一个中文句子，不是越南语。'],
    ['emoji', '😀😀😀 🔥🔥 👍'],
    ['HTML', '<div><script>alert(1)</script></div>'],
    ['enormous', 'khiếu nại đất đai '.repeat(ENORMOUS_CHARS / 10)],
  ];

  it.each(garbage)('%s → other, low confidence, no throw', (_name, content) => {
    const r = classify({ content });
    expect(isUnreadable(r)).toBe(true);
    expect(r.explanation[0]).toMatch(/^unreadable/);
  });

  it('keeps the intake ward code on an unreadable petition', () => {
    expect(classify({ content: '', wardCode: '00001' }).location).toMatchObject({
      wardCode: '00001',
      confidence: 1,
    });
  });

  it('survives content that is not a string and random byte soup', () => {
    expect(isUnreadable(classify({ content: undefined as unknown as string }))).toBe(true);
    expect(isUnreadable(classify({ content: 42 as unknown as string }))).toBe(true);
    expect(isUnreadable(classify(null as unknown as { content: string }))).toBe(true);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 200; i++) {
      const text = Array.from({ length: Math.floor(rnd() * 400) }, () =>
        String.fromCharCode(Math.floor(rnd() * 0x2fff)),
      ).join('');
      const r = classify({ content: text, locationText: text, wardCode: text.slice(0, 5) });
      expect(CASE_KINDS).toContain(r.kind);
      expect(CASE_DOMAINS).toContain(r.domain);
      for (const c of Object.values(r.confidence)) expect(c).toBeGreaterThanOrEqual(0);
    }
  });
});
