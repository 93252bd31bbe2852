/** Streams the records of spool files in order (file by file, line by line), with file:line for every bad line. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { TelemetryRecord } from '../messages/live-feed';
import { parseSpoolLine } from './spool-line';

export type SpoolItem =
  | { kind: 'record'; file: string; line: number; record: TelemetryRecord; createdAt: number }
  | { kind: 'bad'; file: string; line: number; error: string; alert?: true };

export async function* readSpoolFiles(files: readonly string[], signal?: AbortSignal): AsyncGenerator<SpoolItem> {
  for (const file of files) {
    const input = createReadStream(file, { encoding: 'utf8' });
    const lines = createInterface({ input, crlfDelay: Infinity });
    let n = 0;
    try {
      for await (const text of lines) {
        n++;
        if (signal?.aborted) return;
        if (!text.trim()) continue;
        const parsed = parseSpoolLine(text);
        if (parsed.ok) yield { kind: 'record', file, line: n, record: parsed.record, createdAt: parsed.createdAt };
        else yield { kind: 'bad', file, line: n, error: parsed.error, ...(parsed.alert ? { alert: true as const } : {}) };
      }
    } finally {
      lines.close();
      input.destroy();
    }
  }
}

/** Every record of the files, with the bad lines apart (for a recording that is played whole, like the panel's). */
export async function loadSpoolFiles(
  files: readonly string[],
  signal?: AbortSignal,
): Promise<{ records: Array<{ record: TelemetryRecord; createdAt: number }>; bad: Array<{ file: string; line: number; error: string }> }> {
  const records: Array<{ record: TelemetryRecord; createdAt: number }> = [];
  const bad: Array<{ file: string; line: number; error: string }> = [];
  for await (const item of readSpoolFiles(files, signal)) {
    if (item.kind === 'record') records.push({ record: item.record, createdAt: item.createdAt });
    else bad.push({ file: item.file, line: item.line, error: item.error });
  }
  return { records, bad };
}
