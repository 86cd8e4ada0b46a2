import { TOPIC_OF_EVENT } from '@lib/contracts';
import { canonicalJson, chainHash, GENESIS_HASH } from '../../apps/audit/src/domain/hash-chain';
import { seededRandom } from '@lib/domain';

// Synthetic case histories for the audit benchmark: valid envelopes (checked against the contracts by the
// bench), realistic sizes, cases interleaved in store order, and a correct hash chain per case.

export interface SyntheticRow {
  eventId: string;
  caseId: string;
  caseSeq: number;
  eventType: string;
  occurredAt: string;
  topic: string;
  partition: number;
  offset: number;
  storedAt: string;
  canonical: string;
  prevHash: string;
  hash: string;
}

const hex = (rand: () => number, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
};

function uuid(rand: () => number): string {
  const h = hex(rand, 32);
  const variant = '89ab'[Math.floor(rand() * 4)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const KINDS = ['complaint', 'denunciation', 'recommendation', 'reflection'] as const;
const DOMAINS = [
  'land',
  'construction',
  'environment',
  'public_order',
  'admin_procedure',
  'social_policy',
] as const;
const CHANNELS = ['in_person', 'post', 'online', 'hotline', 'email'] as const;
const WARDS = ['00001', '00004', '00008', '00013', '00025', '00028', '00200', '00208'];
const TEXTS = [
  'Tôi khiếu nại Quyết định số 123/QĐ-UBND về việc thu hồi đất của gia đình tôi tại ngõ 12 Đội Cấn. Quyết định này trái pháp luật, đề nghị xem xét lại.',
  'Kiến nghị UBND phường sớm sửa chữa mặt đường số 5 Liễu Giai đã xuống cấp nghiêm trọng, nhiều ổ gà gây nguy hiểm cho người đi xe máy vào ban đêm.',
  'Phản ánh tình trạng quán karaoke tại ngách 34/2 Láng Hạ gây tiếng ồn kéo dài đến 2 giờ sáng, ảnh hưởng đến đời sống của các hộ dân xung quanh.',
  'Hồ sơ đăng ký khai sinh cho con tôi nộp tại bộ phận một cửa phường đã trễ hạn hơn 2 tuần, cán bộ yêu cầu bổ sung giấy tờ không có trong quy định.',
];
const LAST_ACTIVITIES = ['resolved', 'resolved', 'rejected', 'filed'] as const;

export const EVENTS_PER_CASE = 10;

/** `cases` cases of ten events each, `block` cases interleaved at a time, starting at `start`. */
export function* syntheticEvents(
  cases: number,
  start: Date,
  block = 1000,
  seed = 8,
): Generator<SyntheticRow> {
  const rand = seededRandom(seed);
  const offsets = new Map<string, number>();
  const t0 = start.getTime();
  for (let b = 0; b * block < cases; b++) {
    const n = Math.min(block, cases - b * block);
    const blockStart = t0 + b * 15 * 60_000;
    const ids = Array.from({ length: n }, () => uuid(rand));
    const prev = ids.map(() => GENESIS_HASH);
    // Unique per case: k scrambled by an odd multiplier modulo 32^6, written in the tracking-code alphabet.
    const codes = ids.map((_, i) => {
      let x = ((b * block + i) * 747_796_405) % 2 ** 30;
      let c = '';
      for (let d = 0; d < 6; d++, x = Math.floor(x / 32)) c += ALNUM[x % 32];
      return c;
    });
    for (let step = 0; step < EVENTS_PER_CASE; step++) {
      for (let i = 0; i < n; i++) {
        const caseId = ids[i];
        const at = new Date(blockStart + step * 80_000 + i * 40);
        const occurredAt = at.toISOString();
        const k = b * block + i;
        const [eventType, producer, actor, payload] = stepEvent(step, k, codes[i], at, rand);
        const eventId = uuid(rand);
        const env = {
          eventId,
          eventType,
          schemaVersion: 1,
          caseId,
          occurredAt,
          producer,
          correlationId: caseId,
          causationId: null,
          actor,
          payload,
        };
        const canonical = canonicalJson(env);
        const hash = chainHash(prev[i], canonical);
        const topic = TOPIC_OF_EVENT[eventType];
        const partition = parseInt(caseId.slice(0, 2), 16) % 6;
        const key = `${topic}/${partition}`;
        const offset = offsets.get(key) ?? 0;
        offsets.set(key, offset + 1);
        yield {
          eventId,
          caseId,
          caseSeq: step + 1,
          eventType,
          occurredAt,
          topic,
          partition,
          offset,
          storedAt: new Date(at.getTime() + 50).toISOString(),
          canonical,
          prevHash: prev[i],
          hash,
        };
        prev[i] = hash;
      }
    }
  }
}

type Actor = { type: 'system' | 'user'; id: string; role?: string };

function stepEvent(
  step: number,
  k: number,
  code: string,
  at: Date,
  rand: () => number,
): [string, string, Actor, Record<string, unknown>] {
  const system = (id: string): Actor => ({ type: 'system', id });
  const handler: Actor = { type: 'user', id: `staff-${k % 400}`, role: 'handler' };
  const due = new Date(at.getTime() + 10 * 86_400_000).toISOString();
  const day = at.toISOString().slice(0, 10).replace(/-/g, '');
  switch (step) {
    case 0:
      return [
        'case.received',
        'intake',
        system('intake'),
        {
          trackingCode: `HN-${day}-${code}`,
          channel: CHANNELS[k % CHANNELS.length],
          receivedAt: at.toISOString(),
          petitioner: { type: 'individual', fullName: 'Nguyễn Văn An' },
          content: `${TEXTS[k % TEXTS.length]} (Mã ${k}.)`,
          wardCode: WARDS[k % WARDS.length],
          isAnonymous: false,
        },
      ];
    case 1:
      return [
        'case.classified',
        'classification',
        system('classification'),
        {
          kind: KINDS[k % KINDS.length],
          domain: DOMAINS[k % DOMAINS.length],
          level: 'commune',
          isUrgent: rand() < 0.05,
          wardCode: WARDS[k % WARDS.length],
          confidence: { kind: 0.91, domain: 0.84, level: 0.77 },
          explanation: ['từ khóa: khiếu nại', 'địa bàn: phường'],
          modelVersion: 'nb-2026.1',
          isManual: false,
          isAnonymous: false,
          trackingCode: `HN-${day}-${code}`,
        },
      ];
    case 2:
      return [
        'case.assigned',
        'assignment',
        system('assignment'),
        {
          leadUnitId: `hn-p-${WARDS[k % WARDS.length]}`,
          leadUnitName: 'UBND Phường Phúc Xá',
          coordinatingUnitIds: [],
          handlerId: `staff-${k % 400}`,
          handlerName: 'Trần Thị Bình',
          responsiblePersonId: `head-${k % 40}`,
          ruleId: 'R090',
          reason: 'Đơn thuộc thẩm quyền UBND cấp xã nơi phát sinh sự việc',
          stage: 'processing',
          dueAt: due,
          slaWorkingDays: 10,
          policyId: 'sla-processing-10',
          reassignmentCount: 0,
          flags: [],
          legalBasis: 'Điều 8 Thông tư 05/2021/TT-TTCP',
        },
      ];
    case 3:
      return ['case.activity', 'casework', handler, { activity: 'accepted' }];
    case 4:
      return [
        'case.activity',
        'casework',
        handler,
        { activity: 'note', reason: 'Đã liên hệ công dân qua điện thoại' },
      ];
    case 5:
      return [
        'case.escalated',
        'escalation',
        system('escalation'),
        {
          step: 'warning',
          stepId: 'warn-2d',
          stage: 'processing',
          levelReached: 0,
          targetUnitId: `hn-p-${WARDS[k % WARDS.length]}`,
          daysOverdue: 0,
          dueAt: due,
          reason: 'Còn 2 ngày làm việc đến hạn xử lý',
        },
      ];
    case 6:
      return [
        'case.activity',
        'casework',
        handler,
        { activity: 'info_requested', reason: 'Đề nghị bổ sung giấy tờ nhà đất' },
      ];
    case 7:
      return ['case.activity', 'casework', handler, { activity: 'info_received' }];
    case 8:
      return [
        'case.activity',
        'casework',
        handler,
        {
          activity: 'extended',
          reason: 'Vụ việc phức tạp, gia hạn theo Điều 28 Luật Khiếu nại',
          details: { newDueAt: new Date(at.getTime() + 20 * 86_400_000).toISOString() },
        },
      ];
    default:
      return [
        'case.activity',
        'casework',
        handler,
        { activity: LAST_ACTIVITIES[k % LAST_ACTIVITIES.length], reason: 'Đã trả lời công dân bằng văn bản' },
      ];
  }
}
