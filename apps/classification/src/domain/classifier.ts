import { CaseDomain, CaseKind, CompetentLevel } from '@lib/contracts';
import { foldVietnamese } from './vietnamese-text';

/** What the classifier reads from a case.received. */
export interface ClassifierInput {
  content: string;
  wardCode?: string;
  locationText?: string;
  channel?: string;
  petitionerType?: string;
}

export interface ClassificationResult {
  kind: CaseKind;
  domain: CaseDomain;
  level: CompetentLevel;
  isUrgent: boolean;
  urgentReason?: string;
  secondaryKinds: CaseKind[];
  confidence: { kind: number; domain: number; level: number };
  explanation: string[];
  modelVersion: string;
}

export const KEYWORD_MODEL_VERSION = 'keyword-rules-1';

// Cue phrases from shared/domain §1 and §8, written without diacritics: matching runs on the folded text,
// so a petition typed without diacritics scores like one typed with them.
const KIND_CUES: Record<CaseKind, [string, number][]> = {
  complaint: [
    ['khieu nai', 3],
    ['xem xet lai', 2],
    ['khong dong y voi quyet dinh', 3],
    ['huy bo quyet dinh', 3],
    ['quyet dinh so', 1],
    ['trai phap luat', 1],
    ['xam pham quyen loi', 2],
    ['yeu cau boi thuong', 1],
  ],
  denunciation: [
    ['to cao', 3],
    ['to giac', 3],
    ['nhan hoi lo', 3],
    ['tham o', 3],
    ['loi dung chuc vu', 3],
    ['bao che', 2],
    ['truc loi', 2],
    ['xu ly nghiem', 2],
    ['sai pham', 1],
    ['vi pham', 1],
  ],
  recommendation: [
    ['kien nghi', 3],
    ['de xuat', 2],
    ['kinh mong', 2],
    ['nguyen vong', 2],
    ['de nghi ho tro', 2],
    ['de nghi sua doi', 2],
    ['xin duoc', 1],
    ['de nghi', 1],
  ],
  reflection: [
    ['phan anh', 3],
    ['tinh trang', 2],
    ['keo dai', 1],
    ['anh huong den doi song', 2],
    ['xuong cap', 1],
    ['hien nay', 1],
    ['de nghi kiem tra', 1],
  ],
};

const DOMAIN_CUES: Record<Exclude<CaseDomain, 'other'>, string[]> = {
  land: ['dat dai', 'so do', 'so hong', 'quyen su dung dat', 'cap so', 'tranh chap dat', 'lan chiem dat', 'ranh gioi', 'moc gioi', 'thua dat', 'do dac', 'dat nong nghiep', 'tien su dung dat'],
  compensation: ['boi thuong', 'tai dinh cu', 'giai phong mat bang', 'gpmb', 'thu hoi dat', 'don gia boi thuong', 'phuong an boi thuong', 'cuong che thu hoi', 'kiem dem'],
  construction: ['xay dung trai phep', 'xay dung khong phep', 'sai phep', 'giay phep xay dung', 'trat tu xay dung', 'coi noi', 'nut nha', 'lun', 'pha do', 'chi gioi xay dung', 'xay dung'],
  apartment: ['chung cu', 'ban quan tri', 'quy bao tri', 'phi quan ly', 'chu dau tu', 'ban giao can ho', 'thang may', 'dien tich chung'],
  environment: ['o nhiem', 'moi truong', 'rac thai', 'bai rac', 'khoi bui', 'mui hoi', 'tieng on', 'nuoc thai', 'xa thai', 'cong ranh', 'ngap ung', 'nghia trang', 'karaoke gay on'],
  fire_safety: ['phong chay chua chay', 'pccc', 'chay no', 'nguy co chay', 'loi thoat hiem', 'binh chua chay', 'chung cu mini', 'de chay'],
  traffic_infrastructure: ['duong giao thong', 'o ga', 'cau', 'den chieu sang', 'thoat nuoc', 'via he hu hong', 'ha tang', 'bien bao', 'den tin hieu', 'mat duong'],
  public_order: ['lan chiem via he', 'long duong', 'trat tu do thi', 'an ninh trat tu', 'gay roi', 'danh nhau', 'trom cap', 'ma tuy', 'tu tap', 'ban hang rong', 'trong giu xe'],
  corruption: ['tham nhung', 'nhung nhieu', 'hoi lo', 'voi vinh', 'tieu cuc', 'loi dung chuc vu', 'tham o', 'that thoat', 'lam quyen', 'sach nhieu'],
  admin_procedure: ['thu tuc hanh chinh', 'mot cua', 'ho so tre han', 'cham giai quyet', 'ho khau', 'cu tru', 'tam tru', 'khai sinh', 'khai tu', 'ket hon', 'ho tich', 'chung thuc', 'can cuoc', 'dich vu cong'],
  social_policy: ['che do chinh sach', 'tro cap', 'nguoi co cong', 'thuong binh', 'liet si', 'ho ngheo', 'bao tro xa hoi', 'bao hiem xa hoi', 'bhxh', 'bao hiem y te', 'luong huu', 'no luong', 'hop dong lao dong', 'sa thai'],
  health_education_culture: ['benh vien', 'kham chua benh', 'y te', 'truong hoc', 'hoc phi', 'giao vien', 'tuyen sinh', 'day them', 'di tich', 'le hoi', 'ton giao', 'nha van hoa', 'du lich'],
};

const URGENT_CUES: [string, string][] = [
  ['nguy hiem den tinh mang', 'risk to life'],
  ['de doa tinh mang', 'risk to life'],
  ['sap do', 'risk of collapse'],
  ['nguy co chay', 'fire risk'],
  ['chay no', 'fire or explosion'],
  ['dong nguoi', 'crowd building up'],
  ['tu tap dong', 'crowd building up'],
  ['xo xat', 'conflict building up'],
  ['khan cap', 'marked urgent by the petitioner'],
];

const CITY_CUES = ['ubnd thanh pho', 'chu tich ubnd thanh pho', 'lanh dao thanh pho', 'giam doc so', 'thanh tra thanh pho'];
const DISTRICT_CUES = ['ubnd quan', 'ubnd huyen', 'chu tich ubnd quan', 'chu tich ubnd huyen'];

function countCue(text: string, cue: string): number {
  let n = 0;
  let i = text.indexOf(cue);
  while (i >= 0) {
    const before = i === 0 ? ' ' : text[i - 1];
    const after = text[i + cue.length] ?? ' ';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) n++;
    i = text.indexOf(cue, i + cue.length);
  }
  return n;
}

function softmaxShare(scores: number[], idx: number): number {
  const total = scores.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  return Math.round((scores[idx] / total) * 100) / 100;
}

/** Keyword rules (foundation classifier): cue phrases per kind and domain, scored on diacritics-free text. */
export function classifyByKeywords(input: ClassifierInput): ClassificationResult {
  const text = ` ${foldVietnamese(input.content)} `;
  const explanation: string[] = [];

  const kinds = Object.keys(KIND_CUES) as CaseKind[];
  const kindScores = kinds.map((k) =>
    KIND_CUES[k].reduce((s, [cue, w]) => {
      const n = countCue(text, cue);
      if (n) explanation.push(`kind:${k} cue "${cue}"×${n}`);
      return s + n * w;
    }, 0),
  );
  let kindIdx = kindScores.indexOf(Math.max(...kindScores));
  if (kindScores[kindIdx] === 0) kindIdx = kinds.indexOf('reflection');
  const kind = kinds[kindIdx];
  const secondaryKinds = kinds.filter((k, i) => i !== kindIdx && kindScores[i] >= 3 && k !== 'recommendation' && k !== 'reflection');

  const domains = Object.keys(DOMAIN_CUES) as Exclude<CaseDomain, 'other'>[];
  const domainScores = domains.map((d) =>
    DOMAIN_CUES[d].reduce((s, cue) => {
      const n = countCue(text, cue);
      if (n) explanation.push(`domain:${d} cue "${cue}"×${n}`);
      return s + n;
    }, 0),
  );
  const best = Math.max(...domainScores);
  const domain: CaseDomain = best === 0 ? 'other' : domains[domainScores.indexOf(best)];

  let level: CompetentLevel = 'commune';
  if (CITY_CUES.some((c) => text.includes(c)) || domain === 'corruption') level = 'city';
  else if (DISTRICT_CUES.some((c) => text.includes(c))) level = 'district';

  const urgent = URGENT_CUES.find(([cue]) => text.includes(cue));
  return {
    kind,
    domain,
    level,
    isUrgent: Boolean(urgent),
    urgentReason: urgent?.[1],
    secondaryKinds,
    confidence: {
      kind: kindScores[kindIdx] === 0 ? 0.25 : softmaxShare(kindScores, kindIdx),
      domain: best === 0 ? 0.2 : softmaxShare(domainScores, domainScores.indexOf(best)),
      level: 0.6,
    },
    explanation,
    modelVersion: KEYWORD_MODEL_VERSION,
  };
}
