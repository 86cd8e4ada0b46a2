import { randomInt } from 'node:crypto';
import { toVietnamDate } from './working-calendar';

// No 0/O/1/I so a citizen can read the code over the phone without ambiguity.
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Tracking code a citizen can quote: HN-YYYYMMDD-XXXXXX (date of receipt in Vietnam time, 32^6 ≈ 1e9 suffixes). */
export function newTrackingCode(receivedAt: Date): string {
  const day = toVietnamDate(receivedAt).replace(/-/g, '');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `HN-${day}-${suffix}`;
}

export const TRACKING_CODE_PATTERN = /^HN-\d{8}-[0-9A-Z]{6}$/;
