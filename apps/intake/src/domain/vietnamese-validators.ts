import { registerDecorator, ValidationOptions } from 'class-validator';

// Province/city codes that open a 12-digit CCCD number (Circular 07/2016/TT-BCA, Annex).
const CCCD_PROVINCE_CODES = new Set(
  '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096'.split(
    ' ',
  ),
);

/** A 12-digit citizen ID (CCCD): province code, then a gender/century digit 0–9 (0–3 for births 1900–2099). */
export function isCccd(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{12}$/.test(value)) return false;
  return CCCD_PROVINCE_CODES.has(value.slice(0, 3)) && /[0-3]/.test(value[3]);
}

/** A Vietnamese mobile (03/05/07/08/09 + 8 digits) or landline (02 + 9 digits), with 0 or +84. */
export function normalisePhone(value: string): string {
  return value.replace(/[\s.\-()]/g, '').replace(/^\+84/, '0');
}
export function isVietnamesePhone(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return /^0(3|5|7|8|9)\d{8}$|^02\d{9}$/.test(normalisePhone(value));
}

/** A person's name: letters (any script, Vietnamese diacritics included), spaces, apostrophes, dots, hyphens. */
export function isPersonName(value: unknown): boolean {
  return typeof value === 'string' && /^[\p{L}][\p{L}\s'.-]{1,99}$/u.test(value.normalize('NFC').trim());
}

function decorator(name: string, test: (v: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) => (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: (v: unknown) => test(v) },
    });
}

export const IsCccd = decorator(
  'isCccd',
  isCccd,
  '$property must be a valid 12-digit citizen ID (CCCD) number',
);
export const IsVietnamesePhone = decorator(
  'isVietnamesePhone',
  isVietnamesePhone,
  '$property must be a Vietnamese phone number (e.g. 0912345678 or +84912345678)',
);
export const IsPersonName = decorator(
  'isPersonName',
  isPersonName,
  '$property must be a name of 2–100 letters',
);
