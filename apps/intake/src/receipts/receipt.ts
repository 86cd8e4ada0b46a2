import { WorkingCalendar, calendarFor, toVietnamDate } from '@lib/domain';
import vi from '../locales/vi.json';

// Petition processing: 10 working days from receipt (TT05/2021/TT-TTCP; LTCD Art. 28(1)).
export const PROCESSING_WORKING_DAYS = 10;

export interface Receipt {
  trackingCode: string;
  channel: string;
  channelLabel: string;
  receivedAt: string;
  processingWorkingDays: number;
  processingDueDate: string;
  nextSteps: string[];
  legalBasis: string;
  htmlUrl: string;
}

const t = (key: keyof typeof vi, vars: Record<string, string | number> = {}) =>
  (vi[key] as string).replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(vars[k] ?? ''));

let calendar: WorkingCalendar | undefined;
function workingCalendar(): WorkingCalendar {
  if (!calendar) {
    const year = new Date().getUTCFullYear();
    calendar = new WorkingCalendar(calendarFor([year - 1, year, year + 1, year + 2]));
  }
  return calendar;
}

export function buildReceipt(a: {
  trackingCode: string;
  channel: string;
  receivedAt: Date;
  caseId: string;
}): Receipt {
  const due = toVietnamDate(workingCalendar().addWorkingDays(a.receivedAt, PROCESSING_WORKING_DAYS));
  const dueDate = due.split('-').reverse().join('/');
  return {
    trackingCode: a.trackingCode,
    channel: a.channel,
    channelLabel: t(`channel.${a.channel}` as keyof typeof vi),
    receivedAt: a.receivedAt.toISOString(),
    processingWorkingDays: PROCESSING_WORKING_DAYS,
    processingDueDate: due,
    nextSteps: [
      t('receipt.step1'),
      t('receipt.step2', { days: PROCESSING_WORKING_DAYS, dueDate }),
      t('receipt.step3', { trackingCode: a.trackingCode }),
    ],
    legalBasis: t('receipt.legalBasis'),
    htmlUrl: `/cases/${a.caseId}/receipt`,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A printable receipt in Vietnamese. */
export function receiptHtml(r: Receipt, isRepeat: boolean): string {
  const when = new Date(r.receivedAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${esc(t('receipt.title'))} ${esc(r.trackingCode)}</title>
<style>body{font-family:"Times New Roman",serif;max-width:40em;margin:2em auto}h1{text-align:center;font-size:1.3em}
.code{font-size:1.6em;font-weight:bold;letter-spacing:.1em}@media print{button{display:none}}</style></head>
<body><p>${esc(t('receipt.authority'))}</p><h1>${esc(t('receipt.title'))}</h1>
<p>${esc(t('receipt.trackingCode'))}: <span class="code">${esc(r.trackingCode)}</span></p>
<p>${esc(t('receipt.receivedAt'))}: ${esc(when)}</p>
<p>${esc(t('receipt.channel'))}: ${esc(r.channelLabel)}</p>
${isRepeat ? `<p><em>${esc(t('receipt.repeat'))}</em></p>` : ''}
<h2>${esc(t('receipt.nextSteps'))}</h2><ol>${r.nextSteps.map((s) => `<li>${esc(s)}</li>`).join('')}</ol>
<p><small>${esc(r.legalBasis)}</small></p><button onclick="window.print()">In</button></body></html>`;
}
