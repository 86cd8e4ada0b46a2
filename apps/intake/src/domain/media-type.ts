/**
 * What a file's first bytes say it is, for the kinds of files petitioners hand in (scans, photos, office
 * documents, recordings). Used to keep an attachment's declared media type honest about the stored bytes.
 */
interface Kind {
  /** The media type reported when a file of this kind is recognised. */
  type: string;
  label: string;
  /** Declared media types that a file of this kind satisfies. */
  declared: string[];
  test: (head: Buffer) => boolean;
}

const startsWith = (head: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (head: Buffer, text: string, at = 0) => head.toString('latin1', at, at + text.length) === text;

const KINDS: Kind[] = [
  {
    type: 'application/pdf',
    label: 'PDF',
    declared: ['application/pdf', 'application/x-pdf'],
    // Some scanners write a few bytes before the header; readers accept it within the first kilobyte.
    test: (h) => h.subarray(0, 1024).includes('%PDF-', 0, 'latin1'),
  },
  {
    type: 'image/jpeg',
    label: 'JPEG image',
    declared: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
    test: (h) => startsWith(h, [0xff, 0xd8, 0xff]),
  },
  {
    type: 'image/png',
    label: 'PNG image',
    declared: ['image/png', 'image/x-png'],
    test: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  {
    type: 'image/gif',
    label: 'GIF image',
    declared: ['image/gif'],
    test: (h) => ascii(h, 'GIF87a') || ascii(h, 'GIF89a'),
  },
  {
    type: 'image/webp',
    label: 'WebP image',
    declared: ['image/webp'],
    test: (h) => ascii(h, 'RIFF') && ascii(h, 'WEBP', 8),
  },
  {
    type: 'image/tiff',
    label: 'TIFF image',
    declared: ['image/tiff', 'image/tif'],
    test: (h) => startsWith(h, [0x49, 0x49, 0x2a, 0x00]) || startsWith(h, [0x4d, 0x4d, 0x00, 0x2a]),
  },
  {
    type: 'image/bmp',
    label: 'BMP image',
    declared: ['image/bmp', 'image/x-ms-bmp'],
    // "BM" alone would match text; the four reserved bytes after the size are zero in a real bitmap.
    test: (h) => h.length >= 14 && ascii(h, 'BM') && h.readUInt32LE(6) === 0,
  },
  {
    type: 'image/heic',
    label: 'HEIC/HEIF image',
    declared: ['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence'],
    test: (h) =>
      ascii(h, 'ftyp', 4) && /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(h.toString('latin1', 8, 12)),
  },
  {
    type: 'video/mp4',
    label: 'MP4/QuickTime media',
    declared: [
      'video/mp4',
      'audio/mp4',
      'audio/x-m4a',
      'audio/m4a',
      'video/quicktime',
      'video/3gpp',
      'audio/3gpp',
    ],
    test: (h) => ascii(h, 'ftyp', 4),
  },
  {
    type: 'audio/wav',
    label: 'WAV audio',
    declared: ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'],
    test: (h) => ascii(h, 'RIFF') && ascii(h, 'WAVE', 8),
  },
  {
    type: 'audio/mpeg',
    label: 'MP3 audio',
    declared: ['audio/mpeg', 'audio/mp3'],
    test: (h) => (ascii(h, 'ID3') && h[3] >= 2 && h[3] <= 4) || (h[0] === 0xff && (h[1] & 0xe0) === 0xe0),
  },
  {
    type: 'application/zip',
    label: 'ZIP container (DOCX, XLSX, PPTX, ODT, ZIP)',
    declared: [
      'application/zip',
      'application/x-zip-compressed',
      'application/epub+zip',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/vnd.oasis.opendocument.text',
      'application/vnd.oasis.opendocument.spreadsheet',
      'application/vnd.oasis.opendocument.presentation',
      'application/vnd.ms-excel.sheet.macroenabled.12',
      'application/vnd.ms-word.document.macroenabled.12',
    ],
    test: (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]) || startsWith(h, [0x50, 0x4b, 0x05, 0x06]),
  },
  {
    type: 'application/x-ole-storage',
    label: 'Microsoft Office 97–2003 document (DOC, XLS, PPT, MSG)',
    declared: [
      'application/msword',
      'application/vnd.ms-excel',
      'application/vnd.ms-powerpoint',
      'application/vnd.ms-outlook',
      'application/x-ole-storage',
    ],
    test: (h) => startsWith(h, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  },
  {
    type: 'application/rtf',
    label: 'RTF document',
    declared: ['application/rtf', 'text/rtf'],
    test: (h) => ascii(h, '{\\rtf'),
  },
];

// Types that promise nothing about the bytes.
const GENERIC = new Set(['application/octet-stream', 'binary/octet-stream']);

/** How many leading bytes sniffMediaType needs. */
export const SNIFF_BYTES = 1024;

/** The kind of file the first bytes show, or undefined when they match none of the known kinds. */
export function sniffMediaType(head: Buffer): { type: string; label: string } | undefined {
  const kind = KINDS.find((k) => k.test(head));
  return kind && { type: kind.type, label: kind.label };
}

/**
 * Whether a declared media type fits the stored bytes. A type we know the signature of must match it; any
 * other declared type (text/plain, …) fits only bytes that are not a recognisably different kind of file;
 * application/octet-stream fits anything.
 */
export function mediaTypeFits(declared: string, head: Buffer): { fits: boolean; detected?: string } {
  const type = declared.toLowerCase();
  if (GENERIC.has(type)) return { fits: true };
  const found = KINDS.find((k) => k.test(head));
  const detected = found && `${found.label} (${found.type})`;
  const expected = KINDS.find((k) => k.declared.includes(type));
  if (expected) return { fits: expected.test(head), detected };
  return { fits: !found, detected };
}
