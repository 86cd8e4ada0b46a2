// Builds corpus/train.jsonl and corpus/eval.jsonl: generated petitions plus the hand-written ones in
// corpus/handwritten.jsonl (each tagged with its split). Deterministic: same seed, same files.
// Run: npm run -s build && node dist/apps/classification/tools/generate-corpus.js
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { CaseDomain, CaseKind, CompetentLevel } from '@lib/contracts';
import { BANKS, DomainBank } from './corpus/banks';
import { Frame, FRAMES, MIXED_TAILS } from './corpus/frames';
import { COMPANIES, NAMES, Place, PLACES, STREETS } from './corpus/places';
import { findRepoRoot } from '../src/domain/model-store';
import { LabelledPetition } from '../src/domain/training';
import { seededRandom } from '@lib/domain';

type Tier = CompetentLevel;
type Split = 'train' | 'eval';

class Gen {
  constructor(
    private readonly rnd: () => number,
    readonly split: Split,
  ) {}
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }
  /** Training never sees items at index % 4 === 3; the evaluation split uses only those. */
  pickSplit<T>(xs: readonly T[]): T {
    return xs[this.pickSplitIndex(xs)];
  }
  pickSplitIndex<T>(xs: readonly T[]): number {
    const own = xs.map((_, i) => i).filter((i) => (this.split === 'eval' ? i % 4 === 3 : i % 4 !== 3));
    return this.pick(own.length ? own : xs.map((_, i) => i));
  }
}

const DISTRICT_DEPTS: Record<CaseDomain, string[]> = {
  land: ['Phòng Tài nguyên và Môi trường', 'Văn phòng đăng ký đất đai chi nhánh'],
  compensation: ['Ban Bồi thường giải phóng mặt bằng', 'Trung tâm Phát triển quỹ đất'],
  construction: ['Phòng Quản lý đô thị', 'Đội Thanh tra trật tự xây dựng'],
  apartment: ['Phòng Quản lý đô thị'],
  environment: ['Phòng Tài nguyên và Môi trường'],
  fire_safety: ['Công an', 'Đội Cảnh sát PCCC và CNCH Công an'],
  traffic_infrastructure: ['Phòng Quản lý đô thị', 'Ban Quản lý dự án đầu tư xây dựng'],
  public_order: ['Công an', 'Đội Quản lý trật tự đô thị'],
  corruption: ['Thanh tra', 'Ủy ban kiểm tra'],
  admin_procedure: ['Phòng Tư pháp', 'Công an'],
  social_policy: ['Phòng Lao động – Thương binh và Xã hội', 'Bảo hiểm xã hội'],
  health_education_culture: ['Phòng Giáo dục và Đào tạo', 'Phòng Văn hóa và Thông tin', 'Phòng Y tế'],
  other: ['Chi cục Thi hành án dân sự', 'Tòa án nhân dân'],
};

const CITY_BODIES: Record<CaseDomain, string[]> = {
  land: ['Sở Nông nghiệp và Môi trường Hà Nội', 'Văn phòng Đăng ký đất đai Hà Nội'],
  compensation: ['Sở Nông nghiệp và Môi trường Hà Nội', 'Sở Tài chính Hà Nội'],
  construction: ['Sở Xây dựng Hà Nội', 'Sở Quy hoạch – Kiến trúc Hà Nội'],
  apartment: ['Sở Xây dựng Hà Nội'],
  environment: ['Sở Nông nghiệp và Môi trường Hà Nội'],
  fire_safety: ['Phòng Cảnh sát PCCC và CNCH Công an thành phố', 'Công an thành phố Hà Nội'],
  traffic_infrastructure: ['Sở Xây dựng Hà Nội', 'Ban Quản lý dự án giao thông thành phố'],
  public_order: ['Công an thành phố Hà Nội'],
  corruption: ['Thanh tra thành phố Hà Nội', 'Ủy ban kiểm tra Thành ủy Hà Nội'],
  admin_procedure: ['Sở Tư pháp Hà Nội', 'Công an thành phố Hà Nội'],
  social_policy: ['Sở Nội vụ Hà Nội', 'Bảo hiểm xã hội thành phố Hà Nội'],
  health_education_culture: [
    'Sở Y tế Hà Nội',
    'Sở Giáo dục và Đào tạo Hà Nội',
    'Sở Văn hóa và Thể thao Hà Nội',
  ],
  other: ['Cục Thi hành án dân sự thành phố Hà Nội', 'Tòa án nhân dân thành phố Hà Nội'],
};

const COMMUNE_OFFICIALS: Partial<Record<CaseDomain, string[]>> = {
  land: ['ông {name2}, cán bộ địa chính {ward}', 'bà {name2}, công chức địa chính – xây dựng {ward}'],
  compensation: [
    'ông {name2}, cán bộ địa chính {ward}',
    'ông {name2}, thành viên tổ công tác giải phóng mặt bằng {ward}',
  ],
  construction: [
    'cán bộ phụ trách trật tự xây dựng của {ward}',
    'ông {name2}, công chức địa chính – xây dựng {ward}',
  ],
  fire_safety: ['ông {name2}, cán bộ Công an {ward}'],
  public_order: ['ông {name2}, Trưởng Công an {ward}', 'một số cán bộ Công an {ward}'],
  admin_procedure: ['bà {name2}, công chức tư pháp – hộ tịch {ward}', 'một cán bộ bộ phận một cửa {ward}'],
  social_policy: ['bà {name2}, cán bộ lao động – thương binh và xã hội {ward}'],
  health_education_culture: ['ông {name2}, công chức văn hóa – xã hội {ward}'],
  corruption: [
    'một cán bộ bộ phận một cửa {ward}',
    'ông {name2}, cán bộ địa chính {ward}',
    'ông {name2}, trưởng thôn {n}',
  ],
};

const GENERIC_OFFICIALS: Record<Tier, string[]> = {
  commune: [
    'ông {name2}, Chủ tịch UBND {ward}',
    'bà {name2}, Phó Chủ tịch UBND {ward}',
    'ông {name2}, Phó Chủ tịch UBND {ward}',
  ],
  district: [
    'ông {name2}, Phó Chủ tịch UBND {district}',
    'ông {name2}, Trưởng {dept} {district}',
    'bà {name2}, chuyên viên {dept} {district}',
  ],
  city: [
    'ông {name2}, Phó Giám đốc {city}',
    'bà {name2}, Trưởng phòng thuộc {city}',
    'một lãnh đạo {city}',
    'ông {name2}, cán bộ {city}',
  ],
};

function authority(g: Gen, tier: Tier, domain: CaseDomain): string {
  if (tier === 'commune') {
    const xs = ['UBND {ward}', 'Chủ tịch UBND {ward}'];
    if (domain === 'fire_safety' || domain === 'public_order') xs.push('Công an {ward}');
    return g.pick(xs);
  }
  if (tier === 'district')
    return g.pick(['UBND {district}', 'Chủ tịch UBND {district}', '{dept} {district}']);
  return g.pick(['UBND thành phố Hà Nội', 'Chủ tịch UBND thành phố Hà Nội', '{city}', '{city}']);
}

function addressee(g: Gen, tier: Tier): string {
  if (tier === 'commune')
    return g.pick([
      'UBND {ward}',
      'Chủ tịch UBND {ward}',
      'chính quyền địa phương',
      'cơ quan chức năng',
      'UBND {ward}',
    ]);
  if (tier === 'district')
    return g.pick(['UBND {district}', 'Chủ tịch UBND {district}', '{dept} {district}']);
  return g.pick([
    'UBND thành phố Hà Nội',
    'lãnh đạo thành phố',
    '{city}',
    'Chủ tịch UBND thành phố Hà Nội',
    '{city}',
  ]);
}

function official(g: Gen, tier: Tier, domain: CaseDomain): string {
  if (tier === 'commune') {
    const own = COMMUNE_OFFICIALS[domain] ?? [];
    return g.chance(0.6) && own.length ? g.pick(own) : g.pick(GENERIC_OFFICIALS.commune);
  }
  return g.pick(GENERIC_OFFICIALS[tier]);
}

function wardLabel(g: Gen, p: Place, isAbbreviated: boolean): string {
  const prefix = { phường: 'P.', xã: 'X.', 'thị trấn': 'TT.' }[p.wardType];
  if (isAbbreviated) return g.pick([`${prefix} ${p.ward}`, `${prefix}${p.ward}`]);
  return g.chance(0.5) ? `${p.wardType} ${p.ward}` : `${cap(p.wardType)} ${p.ward}`;
}

function districtLabel(g: Gen, p: Place, isAbbreviated: boolean): string {
  const prefix = { quận: 'Q.', huyện: 'H.', 'thị xã': 'TX.' }[p.districtType];
  if (isAbbreviated) return g.pick([`${prefix} ${p.district}`, `${prefix}${p.district}`]);
  return g.chance(0.5) ? `${p.districtType} ${p.district}` : `${cap(p.districtType)} ${p.district}`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function locPhrase(g: Gen, p: Place, isAbbreviated: boolean): string {
  const street = g.pick(STREETS);
  const w = wardLabel(g, p, isAbbreviated);
  const d = districtLabel(g, p, isAbbreviated);
  const rural = p.wardType === 'xã';
  return g.pick([
    `${rural ? `thôn ${g.int(1, 9)}` : `ngõ ${g.int(2, 200)} ${street}`}, ${w}, ${d}`,
    `số ${g.int(1, 300)} ${street}, ${w}, ${d}`,
    `${w}, ${d}`,
    `${w}`,
    rural ? `thôn ${g.int(1, 9)}, ${w}` : `tổ dân phố số ${g.int(1, 30)}, ${w}`,
    `${rural ? `xóm ${g.int(1, 12)}` : street}`,
    `khu tập thể ${g.pick(['A', 'B', 'C', 'D'])}${g.int(1, 12)}, ${w}, ${d}`,
  ]);
}

const INTROS = [
  'Tôi tên là {name}, sinh năm {birth}, trú tại {loc}, số điện thoại 09{phone}.',
  'Tôi là {name}, hiện cư trú tại {loc}.',
  'Chúng tôi gồm {n} hộ dân đang sinh sống tại {loc}.',
  'Tôi là {name}, {age} tuổi, cán bộ hưu trí, sống tại {loc}.',
  'Người viết đơn: {name}, CCCD số 0010{phone}, địa chỉ {loc}.',
  'Tôi là {name}, đại diện cho các hộ gia đình ở {loc}.',
];
const GREETINGS = [
  'Kính gửi: {W}. ',
  'Kính gửi {W}. ',
  'Kính gửi: {W}; các cơ quan có thẩm quyền. ',
  'Kính gửi: {W}. Đồng kính gửi: Ban Tiếp công dân thành phố. ',
];
const CLOSINGS = [
  'Tôi xin cam đoan những nội dung trình bày trên là đúng sự thật.',
  'Xin trân trọng cảm ơn!',
  'Rất mong nhận được phản hồi sớm.',
  'Kèm theo đơn là bản sao các giấy tờ liên quan.',
  'Mong sớm nhận được hồi âm của quý cơ quan.',
  'Tôi xin chân thành cảm ơn.',
  'Trân trọng.',
];
const FILLERS = [
  'Gia đình tôi đã sinh sống ổn định tại địa phương nhiều năm nay.',
  'Tôi đã nhiều lần liên hệ trực tiếp nhưng chỉ nhận được lời hứa.',
  'Sự việc đã được tổ dân phố ghi nhận bằng biên bản.',
  'Tôi gửi kèm ảnh chụp hiện trường và các giấy tờ có liên quan.',
  'Đây là lần thứ ba tôi gửi đơn về nội dung này.',
  'Gia đình tôi có hoàn cảnh khó khăn, bố mẹ già yếu.',
  'Tôi đã trình bày với cán bộ tiếp dân vào tuần trước.',
  'Nhiều hộ khác trong khu vực cũng có ý kiến tương tự.',
  'Gia đình tôi gồm bốn thế hệ, sống chủ yếu bằng nghề buôn bán nhỏ.',
  'Tôi đã đến trụ sở tiếp công dân hai lần nhưng chưa được hướng dẫn cụ thể.',
  'Mọi giấy tờ liên quan tôi vẫn lưu giữ đầy đủ và sẵn sàng xuất trình khi được yêu cầu.',
  'Sự việc kéo dài đã làm ảnh hưởng đến sức khỏe và công việc của các thành viên trong gia đình.',
  'Tôi là người cao tuổi, đi lại khó khăn nên nhờ con cháu gửi đơn này.',
  'Trước đây tổ dân phố đã tổ chức họp nhưng chưa đi đến thống nhất.',
];

const TEENCODE: [RegExp, string[]][] = [
  [/\bkhông\b/g, ['ko', 'k', 'hok', 'khong', 'ko']],
  [/\bđược\b/g, ['dc', 'đc', 'dk', 'được']],
  [/\bgì\b/g, ['j', 'gì']],
  [/\bvới\b/g, ['vs', 'với']],
  [/\bngười\b/g, ['ng', 'người']],
  [/\brồi\b/g, ['r', 'rồi']],
  [/\bcũng\b/g, ['cx', 'cũng']],
  [/\btrước\b/g, ['trc', 'trước']],
  [/\bgia đình\b/g, ['gđ', 'gia đình']],
  [/\bphường\b/g, ['P.', 'phường', 'p']],
  [/\bquận\b/g, ['Q.', 'quận', 'q']],
  [/\bthành phố\b/gi, ['TP', 'tp', 'thành phố']],
  [/\bquyết định\b/gi, ['QĐ', 'qđ', 'quyết định']],
  [/\bUBND\b/g, ['ubnd', 'UB', 'ủy ban', 'UBND']],
  [/\bxử lý\b/g, ['xl', 'xử lý']],
  [/\bbảo hiểm xã hội\b/gi, ['BHXH', 'bhxh']],
  [/\bgiải phóng mặt bằng\b/gi, ['GPMB', 'gpmb']],
  [/\bphòng cháy chữa cháy\b/gi, ['PCCC', 'pccc']],
];

const FORMAL_ABBREVIATIONS: [RegExp, string[]][] = [
  [/\bUBND\b/g, ['Ủy ban nhân dân', 'UBND', 'UBND']],
  [/\bthành phố Hà Nội\b/g, ['TP Hà Nội', 'TP. Hà Nội', 'thành phố Hà Nội']],
  [/\bphòng cháy chữa cháy\b/g, ['PCCC', 'phòng cháy chữa cháy']],
  [/\bgiải phóng mặt bằng\b/g, ['GPMB', 'giải phóng mặt bằng']],
  [/\bQuyết định số\b/g, ['QĐ số', 'Quyết định số']],
];

export function stripMarks(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

const TONES: Record<string, string> = {
  '\u0300': 'f',
  '\u0301': 's',
  '\u0309': 'r',
  '\u0303': 'x',
  '\u0323': 'j',
};

/** A word as typed with telex but without the input method converting it ("khiếu" → "khieeus"). */
function toTelex(word: string): string {
  let tone = '';
  let out = '';
  for (const ch of word.normalize('NFD')) {
    if (TONES[ch]) tone = TONES[ch];
    else if (ch === '\u0302') out += out.slice(-1);
    else if (ch === '\u0306' || ch === '\u031b') out += 'w';
    else out += ch === 'đ' ? 'dd' : ch === 'Đ' ? 'Dd' : ch;
  }
  return out + tone;
}

function applyStyle(g: Gen, text: string, register: 'f' | 'c'): string {
  let t = text;
  if (register === 'c' && g.chance(0.7)) t = replaceSome(g, t, TEENCODE, 0.6);
  else if (register === 'f' && g.chance(0.35)) t = replaceSome(g, t, FORMAL_ABBREVIATIONS, 0.7);
  if (register === 'c' && g.chance(0.5)) t = t.toLowerCase();
  if (register === 'c' && g.chance(0.3)) t = t.replace(/[.,]/g, '');
  // Marks are dropped independently of the register, so the two subsets differ only in their marks.
  const stripP = 0.26;
  if (g.chance(stripP)) {
    t = stripMarks(t);
  } else if (register === 'c' && g.chance(0.12)) {
    t = t.replace(/[\p{L}\p{M}]+/gu, (w) => (g.chance(0.35) ? toTelex(w) : w));
  }
  return t;
}

function replaceSome(g: Gen, text: string, rules: [RegExp, string[]][], p: number): string {
  let t = text;
  for (const [re, subs] of rules) t = t.replace(re, (m) => (g.chance(p) ? g.pick(subs) : m));
  return t;
}

function fill(g: Gen, template: string, slots: Record<string, string>): string {
  let t = template;
  for (let pass = 0; pass < 4 && t.includes('{'); pass++) {
    t = t.replace(/\{(\w+)\}/g, (m, k: string) => {
      if (k in slots) return slots[k];
      switch (k) {
        case 'name':
        case 'name2':
          return g.pick(NAMES);
        case 'n':
          return String(g.int(2, 60));
        case 'num':
          return String(g.int(100, 9999));
        case 'area':
          return String(g.int(15, 600));
        case 'money':
          return g.pick([
            `${g.int(2, 90)} triệu đồng`,
            `${g.int(1, 9)}.${g.int(1, 9)}00.000 đồng`,
            `${g.int(5, 50)}0 triệu đồng`,
          ]);
        case 'months':
          return String(g.int(2, 18));
        case 'year':
          return String(g.int(2015, 2026));
        case 'birth':
          return String(g.int(1945, 2000));
        case 'age':
          return String(g.int(55, 85));
        case 'phone':
          return String(g.int(10000000, 99999999));
        case 'date':
          return `${g.int(1, 28)}/${g.int(1, 12)}/${g.int(2019, 2026)}`;
        case 'company':
          return g.pick(COMPANIES);
        case 'street':
          return g.pick(STREETS);
        default:
          return m;
      }
    });
  }
  return t
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,)])/g, '$1')
    .trim();
}

function pickTier(g: Gen, weights: [number, number, number]): Tier {
  const r = g.chance(weights[0])
    ? 'commune'
    : g.chance(weights[1] / (weights[1] + weights[2]))
      ? 'district'
      : 'city';
  return r;
}

const NEXT_TIER: Record<Tier, Tier> = { commune: 'district', district: 'city', city: 'city' };
const URGENT_RATE: Partial<Record<CaseDomain, number>> = {
  fire_safety: 0.3,
  construction: 0.18,
  public_order: 0.2,
  environment: 0.12,
  traffic_infrastructure: 0.15,
  compensation: 0.1,
};

interface Draft {
  text: string;
  template: { frame: string; piece: string };
  kind: CaseKind;
  domain: CaseDomain;
  level: Tier;
  isUrgent: boolean;
  secondaryKinds: CaseKind[];
  register: 'f' | 'c';
}

function draft(g: Gen, kind: CaseKind, bank: DomainBank): Draft {
  const frames = FRAMES[kind];
  const frameIdx = g.pickSplitIndex(frames);
  const frame: Frame = frames[frameIdx];
  const pieceList = {
    complaint: 'decisions',
    denunciation: 'violations',
    recommendation: 'proposals',
    reflection: 'problems',
  }[kind] as 'decisions' | 'violations' | 'proposals' | 'problems';
  const pieceIdx = g.pickSplitIndex(bank[pieceList]);
  let violation = kind === 'denunciation' ? bank.violations[pieceIdx] : '';
  const isCorruptOfficial = violation.startsWith('!');
  if (isCorruptOfficial) violation = violation.slice(1);
  const domain: CaseDomain = isCorruptOfficial ? 'corruption' : bank.domain;
  const place = g.pick(PLACES);
  const isAbbreviated = g.chance(0.25);
  let level: Tier;
  const slots: Record<string, string> = {
    ward: wardLabel(g, place, isAbbreviated && g.chance(0.5)),
    district: districtLabel(g, place, isAbbreviated && g.chance(0.5)),
    dept: g.pick(DISTRICT_DEPTS[domain]),
    city: g.pick(CITY_BODIES[domain]),
    loc: locPhrase(g, place, isAbbreviated),
    P: fill(g, kind === 'reflection' ? bank.problems[pieceIdx] : g.pickSplit(bank.problems), {}),
    R: fill(g, kind === 'recommendation' ? bank.proposals[pieceIdx] : g.pickSplit(bank.proposals), {}),
    D: fill(g, kind === 'complaint' ? bank.decisions[pieceIdx] : g.pickSplit(bank.decisions), {}),
    G: fill(g, g.pickSplit(bank.grounds), {}),
  };
  if (kind === 'complaint') {
    const tier = pickTier(g, [0.55, 0.25, 0.2]);
    slots.A = fill(
      g,
      authority(g, frame.isSecondInstance ? (tier === 'city' ? 'district' : tier) : tier, domain),
      slots,
    );
    level = frame.isSecondInstance ? NEXT_TIER[tier === 'city' ? 'district' : tier] : tier;
    slots.W = slots.A;
  } else if (kind === 'denunciation') {
    if (violation.includes('{official}')) {
      level = pickTier(g, domain === 'corruption' ? [0.45, 0.25, 0.3] : [0.55, 0.25, 0.2]);
      slots.official = fill(g, official(g, level, domain), slots);
      slots.W = fill(g, addressee(g, level === 'commune' ? 'district' : level), slots);
      // A wrongdoing official is dealt with by the body that manages them: a commune official by the commune chair.
      if (level === 'commune')
        slots.W = fill(g, g.pick(['Chủ tịch UBND {ward}', 'UBND {ward}', 'cơ quan chức năng']), slots);
    } else {
      level = pickTier(g, [0.65, 0.15, 0.2]);
      slots.W = fill(g, addressee(g, level), slots);
    }
    slots.V = fill(g, violation, slots);
  } else {
    level = pickTier(g, [0.62, 0.16, 0.22]);
    slots.W = fill(g, addressee(g, level), slots);
  }
  slots.A ??= fill(g, authority(g, level, domain), slots);
  slots.V ??= fill(g, g.pickSplit(bank.violations).replace(/^!/, ''), {
    ...slots,
    official: fill(g, official(g, level, domain), slots),
  });
  const register = frame.register;
  const isFormal = register === 'f';
  slots.intro = isFormal && g.chance(0.55) ? fill(g, g.pick(INTROS), slots) : '';
  slots.greeting =
    isFormal && g.chance(0.4) && level !== 'commune' ? `${fill(g, g.pick(GREETINGS), slots)} ` : '';
  if (isFormal && g.chance(0.2) && level === 'commune')
    slots.greeting = `${fill(g, g.pick(GREETINGS), slots)} `;
  slots.closing = isFormal && g.chance(0.5) ? g.pick(CLOSINGS) : '';
  let text = fill(g, frame.text, slots);
  if (isFormal) text = text.replace(/([.!?:] )(\p{Ll})/gu, (_, p: string, c: string) => p + c.toUpperCase());
  // Who should act must be readable from the text when it is not the commune.
  const namesBody =
    /\{(W|A|greeting|official)\}/.test(frame.text) || (kind === 'denunciation' && slots.V.includes('UBND'));
  if (level !== 'commune' && !namesBody && !/\{V\}/.test(frame.text)) {
    text = g.chance(0.5)
      ? `Kính gửi ${slots.W}. ${text}`
      : `${text} Kính đề nghị ${slots.W} xem xét, giải quyết.`;
  } else if (
    level !== 'commune' &&
    kind === 'denunciation' &&
    !/\{(W|greeting)\}/.test(frame.text) &&
    !violationNamesTier(slots.V)
  ) {
    text = g.chance(0.5) ? `Kính gửi ${slots.W}. ${text}` : `${text} Đề nghị ${slots.W} xử lý.`;
  }

  // Long petitions: context and background sentences that do not change the label (some run to 200+ words).
  if (isFormal && g.chance(0.35)) {
    const isVeryLong = g.chance(0.3);
    const extra: string[] = [g.pick(FILLERS)];
    if ((kind === 'reflection' || kind === 'recommendation') && g.chance(0.6))
      extra.push(`Bên cạnh đó, ${fill(g, g.pickSplit(bank.problems), {})}.`);
    for (let k = 0; k < (isVeryLong ? g.int(3, 6) : g.chance(0.4) ? 1 : 0); k++) extra.push(g.pick(FILLERS));
    if (isVeryLong)
      extra.push(
        `Cụ thể, từ năm ${g.int(2010, 2024)} đến nay, gia đình tôi đã ${g.pick(['gửi nhiều đơn', 'nhiều lần trình bày', 'liên tục kiến nghị với tổ dân phố'])} về nội dung này.`,
      );
    text = insertBeforeLast(text, [...new Set(extra)].join(' '));
  }

  const secondaryKinds: CaseKind[] = [];
  if (g.chance(0.085)) {
    const partner = mixPartner(g, kind);
    if (partner) {
      const secondBank =
        partner === 'denunciation' && g.chance(0.5) ? BANKS.find((b) => b.domain === 'corruption')! : bank;
      const s2 = {
        ...slots,
        V: fill(g, g.pickSplit(secondBank.violations).replace(/^!/, ''), {
          ...slots,
          official: fill(g, official(g, level, secondBank.domain), slots),
        }),
        R: fill(g, g.pickSplit(bank.proposals), {}),
        D: fill(g, g.pickSplit(bank.decisions), {}),
      };
      text = `${text} ${fill(g, g.pick(MIXED_TAILS[partner]), s2)}`;
      secondaryKinds.push(partner);
    }
  }

  let isUrgent = false;
  if (g.chance(URGENT_RATE[domain] ?? 0.05) && bank.risks.length) {
    text = `${text} ${g.pick(bank.risks)}`;
    isUrgent = true;
  } else if (g.chance(0.06)) {
    text = `${text} ${g.pick(['Đề nghị khẩn trương giải quyết.', 'Mong được giải quyết sớm.', 'Đề nghị xem xét gấp để tránh kéo dài.'])}`;
  }
  return {
    text,
    template: { frame: `${kind}#${frameIdx}`, piece: `${bank.domain}.${pieceList}#${pieceIdx}` },
    kind,
    domain,
    level,
    isUrgent,
    secondaryKinds,
    register,
  };
}

function violationNamesTier(v: string): boolean {
  return /UBND|Sở |Thanh tra|Công an|Phòng |Ban |Đội |Văn phòng/.test(v);
}

function mixPartner(g: Gen, kind: CaseKind): 'denunciation' | 'recommendation' | 'complaint' | undefined {
  if (kind === 'complaint') return g.chance(0.7) ? 'denunciation' : 'recommendation';
  if (kind === 'denunciation') return g.chance(0.6) ? 'recommendation' : 'complaint';
  if (kind === 'reflection') return 'denunciation';
  return g.chance(0.5) ? 'complaint' : undefined;
}

function insertBeforeLast(text: string, extra: string): string {
  const idx = text.lastIndexOf('. ');
  if (idx < 0) return `${text} ${extra}`;
  return `${text.slice(0, idx + 1)} ${extra}${text.slice(idx + 1)}`;
}

function generate(split: Split, count: number, seed: number): LabelledPetition[] {
  const g = new Gen(seededRandom(seed), split);
  const out: LabelledPetition[] = [];
  const kinds: CaseKind[] = ['complaint', 'denunciation', 'recommendation', 'reflection'];
  for (let i = 0; i < count; i++) {
    const bank = BANKS[i % BANKS.length];
    let kind = kinds[Math.floor(i / BANKS.length) % kinds.length];
    if (g.chance(0.25)) kind = g.pick(kinds);
    if (bank.domain === 'corruption' && kind === 'complaint' && g.chance(0.5)) kind = 'denunciation';
    const d = draft(g, kind, bank);
    const styled = applyStyle(g, d.text, d.register);
    out.push({
      id: `${split === 'train' ? 'gtr' : 'gev'}-${String(i + 1).padStart(4, '0')}`,
      text: styled,
      kind: d.kind,
      domain: d.domain,
      level: d.level,
      urgent: d.isUrgent,
      secondaryKinds: d.secondaryKinds,
      source: 'generated',
      register: d.register,
      template: d.template,
    });
  }
  return out;
}

function main(): void {
  const corpusDir = join(findRepoRoot(), 'apps/classification/corpus');
  const handwritten = readFileSync(join(corpusDir, 'handwritten.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledPetition & { split: Split });
  const strip = ({ split: _split, ...rest }: LabelledPetition & { split: Split }): LabelledPetition => ({
    ...rest,
    source: 'handwritten',
  });
  const train = [
    ...generate('train', 1600, 20261123),
    ...handwritten.filter((h) => h.split === 'train').map(strip),
  ];
  const evaluation = [
    ...generate('eval', 400, 777),
    ...handwritten.filter((h) => h.split === 'eval').map(strip),
  ];
  writeFileSync(join(corpusDir, 'train.jsonl'), train.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(corpusDir, 'eval.jsonl'), evaluation.map((r) => JSON.stringify(r)).join('\n') + '\n');
  process.stderr.write(`corpus: ${train.length} training, ${evaluation.length} evaluation petitions\n`);
}

if (require.main === module) main();
