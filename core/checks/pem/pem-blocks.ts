/** One `-----BEGIN X----- … -----END X-----` block found in a text. */
export interface PemBlock {
  readonly label: string;
  /** Decoded contents; null when the base64 is malformed. */
  readonly der: Buffer | null;
  /** Offsets of the block (BEGIN line start to END line end) in the scanned text. */
  readonly start: number;
  readonly end: number;
  /** Base64 lines longer than the 64 characters PEM (RFC 7468) writes. */
  readonly longLines: boolean;
  /** The block carries RFC 1421 headers (Proc-Type, DEK-Info: an encrypted legacy key). */
  readonly hasHeaders: boolean;
}

export interface PemScan {
  readonly blocks: readonly PemBlock[];
  /** Non-whitespace text before the first block / after the last / between blocks. */
  readonly leading: string;
  readonly trailing: string;
  readonly between: readonly string[];
  /** A BEGIN line without its END line (truncated or mangled file). */
  readonly unterminatedLabel?: string;
}

const BLOCK_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBody(body: string): { der: Buffer | null; longLines: boolean; hasHeaders: boolean } {
  const lines = body
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const hasHeaders = lines.some((l) => /^[A-Za-z-]+:/.test(l));
  const dataLines = lines.filter((l) => !/^[A-Za-z-]+:/.test(l));
  const joined = dataLines.join('');
  const longLines = dataLines.some((l) => l.length > 64);
  if (!joined || joined.length % 4 !== 0 || !BASE64_RE.test(joined)) return { der: null, longLines, hasHeaders };
  return { der: Buffer.from(joined, 'base64'), longLines, hasHeaders };
}

/** Finds every PEM block in `text` and the text around them. Pure; tolerant of CRLF and indentation. */
export function scanPem(text: string): PemScan {
  const blocks: PemBlock[] = [];
  const gaps: string[] = [];
  let cursor = 0;
  for (const m of text.matchAll(BLOCK_RE)) {
    const start = m.index ?? 0;
    gaps.push(text.slice(cursor, start));
    const label = m[1] === m[3] ? m[1] : `${m[1]} / ${m[3]}`;
    blocks.push({ label, start, end: start + m[0].length, ...decodeBody(m[2]) });
    cursor = start + m[0].length;
  }
  const rest = text.slice(cursor);
  const begin = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(rest);
  const clean = (s: string): string => s.trim();
  return {
    blocks,
    leading: blocks.length ? clean(gaps[0]) : '',
    between: gaps
      .slice(1)
      .map(clean)
      .filter((s) => s.length > 0),
    trailing: blocks.length ? clean(rest) : '',
    unterminatedLabel: begin ? begin[1] : undefined,
  };
}

export const isPrivateKeyLabel = (label: string): boolean => /PRIVATE KEY/.test(label);
export const isPublicKeyLabel = (label: string): boolean => label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY';
