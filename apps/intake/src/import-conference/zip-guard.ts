import { inflateRawSync } from 'node:zlib';
import { ImportFileTooLargeError, ImportFileUnreadableError } from '../domain/intake.errors';

export interface ZipLimits {
  /** Most entries an archive may hold (a workbook has a few dozen). */
  maxEntries: number;
  /** Most bytes all entries may inflate to, together. */
  maxUnzippedBytes: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Check a ZIP container (an XLSX workbook) before any library inflates it: the entry count and the declared sizes
 * must stay within the limits, and each entry is inflated here with a hard output cap, so an archive that lies
 * about its sizes (a zip bomb) is stopped at the cap instead of filling memory. Throws ImportFileTooLargeError
 * (413) or ImportFileUnreadableError (400).
 */
export function checkZipContainer(buf: Buffer, limits: ZipLimits): void {
  if (buf.length === 0) throw new ImportFileUnreadableError('the file is empty');
  if (buf.length >= 8 && buf.subarray(0, 8).equals(OLE_SIGNATURE)) {
    throw new ImportFileUnreadableError(
      'the file is a password-protected workbook or an old .xls (Excel 97–2003) file: remove the password or save it as .xlsx',
    );
  }
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL_HEADER) {
    throw new ImportFileUnreadableError('the file is not an XLSX workbook (it is not a ZIP container)');
  }
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd < 0) {
    throw new ImportFileUnreadableError('the workbook is damaged or truncated (no ZIP central directory)');
  }
  const entryCount = buf.readUInt16LE(eocd + 10);
  const directorySize = buf.readUInt32LE(eocd + 12);
  const directoryOffset = buf.readUInt32LE(eocd + 16);
  // ZIP64 markers: only archives far beyond our limits need 64-bit sizes.
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    throw new ImportFileTooLargeError('the workbook is a ZIP64 archive, larger than an import may be');
  }
  if (entryCount > limits.maxEntries) {
    throw new ImportFileTooLargeError(`the workbook holds ${entryCount} parts; at most ${limits.maxEntries}`);
  }
  if (directoryOffset + directorySize > eocd) {
    throw new ImportFileUnreadableError(
      'the workbook is damaged (its ZIP directory points outside the file)',
    );
  }

  const entries: { name: string; method: number; compressed: number; size: number; offset: number }[] = [];
  let declaredTotal = 0;
  let p = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_HEADER) {
      throw new ImportFileUnreadableError('the workbook is damaged (bad ZIP directory entry)');
    }
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1) {
      throw new ImportFileUnreadableError('the workbook is encrypted: remove the password and save it again');
    }
    if (compressed === 0xffffffff || size === 0xffffffff || offset === 0xffffffff) {
      throw new ImportFileTooLargeError('the workbook is a ZIP64 archive, larger than an import may be');
    }
    if (method !== 0 && method !== 8) {
      throw new ImportFileUnreadableError(
        `the workbook uses an unsupported ZIP compression (method ${method})`,
      );
    }
    declaredTotal += size;
    if (declaredTotal > limits.maxUnzippedBytes) {
      throw new ImportFileTooLargeError(
        `the workbook unpacks to more than ${limits.maxUnzippedBytes} bytes; split the sheet into smaller files`,
      );
    }
    entries.push({ name, method, compressed, size, offset });
  }

  // The declared sizes can lie: inflate every entry with a cap on the output, so a bomb stops at the cap.
  let actualTotal = 0;
  for (const e of entries) {
    if (e.offset + 30 > buf.length || buf.readUInt32LE(e.offset) !== LOCAL_HEADER) {
      throw new ImportFileUnreadableError(`the workbook is damaged (part ${e.name} is missing)`);
    }
    const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
    if (start + e.compressed > buf.length) {
      throw new ImportFileUnreadableError(
        `the workbook is damaged or truncated (part ${e.name} is cut short)`,
      );
    }
    const data = buf.subarray(start, start + e.compressed);
    const budget = limits.maxUnzippedBytes - actualTotal;
    let length: number;
    if (e.method === 0) {
      length = data.length;
    } else {
      try {
        length = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ImportFileTooLargeError(
            `the workbook unpacks to more than ${limits.maxUnzippedBytes} bytes (part ${e.name} is a zip bomb or far too large)`,
          );
        }
        throw new ImportFileUnreadableError(`the workbook is damaged (part ${e.name} cannot be unpacked)`);
      }
    }
    if (length !== e.size) {
      throw new ImportFileUnreadableError(`the workbook is damaged (part ${e.name} has the wrong size)`);
    }
    actualTotal += length;
    if (actualTotal > limits.maxUnzippedBytes) {
      throw new ImportFileTooLargeError(`the workbook unpacks to more than ${limits.maxUnzippedBytes} bytes`);
    }
  }
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end of the file.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) return i;
  }
  return -1;
}
