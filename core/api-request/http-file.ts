/**
 * The `.tesla.http` request file, REST-Client-like: requests separated by `###` lines, each a request line
 * `METHOD /api/1/…` (a path: the host is the signed-in account's), header lines `Name: value`, a blank line and a
 * JSON body. `#` and `//` lines are comments; `@name = value` lines set `{name}` for the whole file. Pure.
 */

export interface HttpHeaderLine {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

export interface HttpRequestBlock {
  /** The `### name` above it, if any. */
  readonly name?: string;
  /** First and last line of the block (0-based, inclusive). */
  readonly startLine: number;
  readonly endLine: number;
  /** The line of `METHOD PATH`. */
  readonly line: number;
  readonly method: string;
  /** The target as written (`/api/1/vehicles/{vin}/vehicle_data?endpoints=…`), and the column it starts at. */
  readonly target: string;
  readonly targetColumn: number;
  readonly headers: readonly HttpHeaderLine[];
  /** The body text as written (trimmed), and its first line. */
  readonly bodyText?: string;
  readonly bodyLine?: number;
}

export interface HttpFileProblem {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface HttpFile {
  readonly requests: readonly HttpRequestBlock[];
  /** `@name = value` lines. */
  readonly variables: Readonly<Record<string, string>>;
  readonly problems: readonly HttpFileProblem[];
}

export const SEPARATOR = /^###/;
const COMMENT = /^\s*(#|\/\/)/;
const VARIABLE_LINE = /^\s*@([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;
export const REQUEST_LINE = /^([A-Za-z]+)(\s+)(\S+)(?:\s+HTTP\/[0-9.]+)?\s*$/;
const HEADER_LINE = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+):\s*(.*)$/;

export function parseHttpFile(text: string): HttpFile {
  const lines = text.split(/\r?\n/);
  const requests: HttpRequestBlock[] = [];
  const variables: Record<string, string> = {};
  const problems: HttpFileProblem[] = [];

  let blockStart = 0;
  let name: string | undefined;
  const flush = (end: number): void => {
    const block = parseBlock(lines, blockStart, end, name, variables, problems);
    if (block) requests.push(block);
  };
  for (let i = 0; i < lines.length; i++) {
    if (SEPARATOR.test(lines[i])) {
      flush(i - 1);
      blockStart = i + 1;
      name = lines[i].replace(/^#+/, '').trim() || undefined;
    }
  }
  flush(lines.length - 1);
  return { requests, variables, problems };
}

function parseBlock(
  lines: readonly string[],
  start: number,
  end: number,
  name: string | undefined,
  variables: Record<string, string>,
  problems: HttpFileProblem[],
): HttpRequestBlock | undefined {
  let i = start;
  // Before the request line: blank lines, comments, @variables.
  for (; i <= end; i++) {
    const line = lines[i];
    if (!line.trim() || COMMENT.test(line)) continue;
    const v = VARIABLE_LINE.exec(line);
    if (v) {
      variables[v[1]] = v[2];
      continue;
    }
    break;
  }
  if (i > end) return undefined;
  const requestLine = i;
  const m = REQUEST_LINE.exec(lines[i]);
  if (!m) {
    problems.push({
      line: i,
      start: 0,
      end: lines[i].length,
      message: 'expected a request line: METHOD PATH, e.g. GET /api/1/vehicles',
      severity: 'error',
    });
    return undefined;
  }
  const headers: HttpHeaderLine[] = [];
  for (i = i + 1; i <= end && lines[i].trim(); i++) {
    if (COMMENT.test(lines[i])) continue;
    const h = HEADER_LINE.exec(lines[i]);
    if (h) headers.push({ name: h[1], value: h[2].trim(), line: i });
    else {
      problems.push({
        line: i,
        start: 0,
        end: lines[i].length,
        message: 'expected a header (Name: value); leave a blank line before the body',
        severity: 'error',
      });
    }
  }
  let last = end;
  while (last > i && (!lines[last].trim() || COMMENT.test(lines[last]))) last--;
  let bodyLine: number | undefined;
  for (let j = i; j <= last; j++) {
    if (lines[j].trim()) {
      bodyLine = j;
      break;
    }
  }
  const bodyText =
    bodyLine !== undefined
      ? lines
          .slice(bodyLine, last + 1)
          .join('\n')
          .trim()
      : undefined;
  return {
    ...(name ? { name } : {}),
    startLine: start,
    endLine: end,
    line: requestLine,
    method: m[1],
    target: m[3],
    targetColumn: m[1].length + m[2].length,
    headers,
    ...(bodyText ? { bodyText, bodyLine } : {}),
  };
}

/** The request whose block holds `line`, if any. */
export function requestAt(file: HttpFile, line: number): HttpRequestBlock | undefined {
  return file.requests.find((r) => line >= r.startLine && line <= r.endLine);
}

/** The body parsed as JSON, or the parse error's message. */
export function parseBody(block: HttpRequestBlock): { value?: unknown; error?: string } {
  if (block.bodyText === undefined) return {};
  try {
    return { value: JSON.parse(block.bodyText) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
