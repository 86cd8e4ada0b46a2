import type { CaseState } from '@lib/projection';

export const ROLES = ['intake_clerk', 'handler', 'unit_head', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user, as the access rules see them. */
export interface Viewer {
  userId: string;
  username: string;
  fullName: string;
  role: Role;
  unitId: string;
  staffId: string | null;
}

// Units whose staff work city-wide (the city People's Committee and its Citizen Reception Board).
const CITY_WIDE_UNITS = new Set(['hn', 'hn-btcd']);

const OPEN = new Set(['assigned', 'accepted', 'info_requested', 'info_received']);

export function seesEverything(v: Viewer): boolean {
  return v.role === 'auditor' || v.role === 'admin' || CITY_WIDE_UNITS.has(v.unitId);
}

export function isOverdue(c: Pick<CaseState, 'dueAt' | 'status'>, now: Date): boolean {
  return Boolean(c.dueAt && OPEN.has(c.status) && new Date(c.dueAt) < now);
}

/**
 * Scope follows the org tree: staff see their unit's cases; a unit head also sees cases escalated to the unit
 * and its sub-units' overdue cases; city-level roles see everything.
 */
export function canSeeCase(v: Viewer, c: CaseState, now: Date): boolean {
  if (seesEverything(v)) return true;
  if (c.leadUnitId === v.unitId) return true;
  if (v.role !== 'unit_head') return false;
  if (c.escalatedToUnitId === v.unitId) return true;
  return c.ancestorUnitIds.includes(v.unitId) && isOverdue(c, now);
}

/**
 * A denouncer's identity is visible only to the case's handler, its unit head and auditors (LTC Art. 8(3), 47).
 * Other petitioners' identity is visible to the staff who handle the case and to auditors.
 */
export function canSeeIdentity(v: Viewer, c: CaseState, now: Date): boolean {
  if (v.role === 'auditor') return true;
  const isHandler = Boolean(v.staffId && v.staffId === c.handlerId);
  const isLeadHead = v.role === 'unit_head' && v.unitId === c.leadUnitId;
  if (c.kind === 'denunciation') return isHandler || isLeadHead;
  // Other petitioners: the staff of the lead unit (and the city reception board), not supervisors above it.
  const worksOnIt = c.leadUnitId === v.unitId || CITY_WIDE_UNITS.has(v.unitId);
  return worksOnIt && canSeeCase(v, c, now) && ['handler', 'unit_head', 'intake_clerk'].includes(v.role);
}

/** Who may act on a case: its unit's handlers and head (city-wide staff for cases in triage). */
export function canActOn(v: Viewer, c: CaseState): boolean {
  if (!['handler', 'unit_head'].includes(v.role)) return false;
  if (c.status === 'triage' || c.status === 'received' || c.status === 'classified') return seesEverything(v);
  return c.leadUnitId === v.unitId || (seesEverything(v) && c.leadUnitId === null);
}

/** "0912345678" → "091****678"; "001203004567" → "001******567". */
export function mask(value: string | null | undefined): string | null {
  if (!value) return null;
  if (value.length <= 6) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 6) + value.slice(-3);
}
