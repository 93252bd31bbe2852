/**
 * JSONL spool: records appended in batches (one write per batch), rotated by size. In durable mode every batch
 * is fsync'd before the promises of its records resolve, so whatever has been acked survives a crash; a batch starts
 * at the end of the event-loop turn (acks wait for it). Otherwise nothing waits for the disk and a batch gathers up to
 * GATHER_MS / GATHER_BYTES of lines: fewer, larger writes, each one less wake-up of a libuv thread and of the event loop.
 * Each process start opens a new file, so a torn last line (if any) never gets appended to.
 */
import { mkdir, open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../core/log/logger';

export interface SpoolOptions {
  dir: string;
  /** Rotate when the current file would grow past this; default 64 MiB. */
  maxBytes?: number;
  /** Keep at most this many files (oldest deleted); 0 or absent = keep all. */
  maxFiles?: number;
  /** fsync each batch before resolving `append` (durable mode); default false. */
  fsync?: boolean;
  logger?: Logger;
  /** Called after each batch has been written (the backlog went down). */
  onWritten?: () => void;
}

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
}

/** Durable mode: bytes waiting above which a batch is written at once rather than at the end of the event-loop turn. */
const WRITE_NOW = 256 * 1024;

/**
 * How long a batch gathers lines when nothing waits for it (no fsync), and how many bytes it may gather. At 20,000
 * frames/s (~14 MB/s of lines) that is ~14 writes per second instead of one per event-loop turn: each write wakes a
 * libuv thread that copies the batch into the page cache, often on the main thread's core (bench, side by side:
 * CPU per frame −7% for 25 ms / 256 KiB, −4% more for these; docs/bridge-operations.md "Per-record cost").
 */
const GATHER_MS = 100;
const GATHER_BYTES = 1024 * 1024;

export const SPOOL_FILE_PATTERN = /^telemetry-\d{8}T\d{9}Z-\d{4}\.jsonl$/;

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '');
}

export class JsonlSpool {
  private readonly maxBytes: number;
  private fh: FileHandle | undefined;
  private size = 0;
  private fileNo = 0;
  private lines: Buffer[] = [];
  /**
   * One buffer the batches are copied into, reused (batches are written one at a time): a fresh megabyte per batch
   * (Buffer.concat) went through malloc and free 14 times a second, and glibc then consolidated its heap each time.
   */
  private scratch = Buffer.alloc(0);
  private waiters: Waiter[] = [];
  private writing: Promise<void> | undefined;
  private failed: Error | undefined;
  currentFile: string | undefined;
  bytesWritten = 0;
  /** Bytes queued or being written, not yet on disk: what backpressure watches. */
  backlog = 0;

  constructor(private readonly options: SpoolOptions) {
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  }

  async open(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    await this.rotate();
  }

  /**
   * Queues one line (without its newline). Durable mode returns a promise resolved once the line is on disk (rejected if writing fails);
   * otherwise undefined (write errors are logged).
   */
  append(line: Buffer): Promise<void> | undefined {
    this.lines.push(line);
    this.backlog += line.length + 1;
    this.kick();
    if (!this.options.fsync) return undefined;
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Starts the pending batch now instead of at setImmediate (set while one waits). */
  private early: (() => void) | undefined;

  /**
   * A batch starts at setImmediate (durable mode: gathering what this event-loop turn appends) or after GATHER_MS.
   * Under load the poll phase can run thousands of socket reads before setImmediate comes (libuv polls again while
   * events keep arriving), so once WRITE_NOW (GATHER_BYTES) bytes wait, the batch starts right away: the spool keeps
   * up instead of the backlog pausing ingest.
   */
  private kick(): void {
    const writeNow = this.options.fsync ? WRITE_NOW : GATHER_BYTES;
    if (this.writing) {
      if (this.early && this.backlog >= writeNow) this.early();
      return;
    }
    this.writing = new Promise<void>((resolve) => {
      if (this.backlog >= writeNow) return resolve();
      const start = (): void => {
        this.early = undefined;
        resolve();
      };
      if (this.options.fsync) {
        const immediate = setImmediate(start);
        this.early = () => {
          clearImmediate(immediate);
          start();
        };
      } else {
        const timer = setTimeout(start, GATHER_MS);
        this.early = () => {
          clearTimeout(timer);
          start();
        };
      }
    }).then(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      // Durable mode writes what arrived meanwhile right away (acks wait for it); otherwise the next batch gathers.
      while (this.lines.length) {
        const lines = this.lines;
        const waiters = this.waiters;
        this.lines = [];
        this.waiters = [];
        try {
          await this.writeBatch(lines);
          for (const w of waiters) w.resolve();
        } catch (err) {
          const e = err as Error;
          if (!this.failed) this.options.logger?.error('spool write failed; records are not acked', e.message);
          this.failed = e;
          for (const w of waiters) w.reject(e);
        }
        for (const l of lines) this.backlog -= l.length + 1;
        this.options.onWritten?.();
        if (!this.options.fsync) break;
      }
    } finally {
      this.writing = undefined;
      if (this.lines.length) this.kick();
    }
  }

  /** Writes lines in as few writes as possible, rotating between lines so no file exceeds maxBytes (unless one line does). */
  private async writeBatch(lines: Buffer[]): Promise<void> {
    let from = 0;
    let chunkBytes = 0;
    for (let i = 0; i < lines.length; i++) {
      const bytes = lines[i].length + 1;
      if (this.size + chunkBytes > 0 && this.size + chunkBytes + bytes > this.maxBytes) {
        if (chunkBytes) await this.writeOut(this.joined(lines, from, i, chunkBytes));
        from = i;
        chunkBytes = 0;
        await this.rotate();
      }
      chunkBytes += bytes;
    }
    if (chunkBytes) await this.writeOut(this.joined(lines, from, lines.length, chunkBytes));
    if (this.options.fsync && this.fh) await this.fh.datasync();
    this.failed = undefined;
  }

  /** lines[from, to) each followed by a newline, in the scratch buffer (valid until the next call). */
  private joined(lines: Buffer[], from: number, to: number, bytes: number): Buffer {
    if (this.scratch.length < bytes) this.scratch = Buffer.allocUnsafeSlow(Math.max(bytes, 2 * this.scratch.length));
    const out = this.scratch;
    let at = 0;
    for (let i = from; i < to; i++) {
      at += lines[i].copy(out, at);
      out[at++] = 0x0a;
    }
    return out.subarray(0, at);
  }

  private async writeOut(buf: Buffer): Promise<void> {
    const fh = this.fh;
    if (!fh) throw new Error('spool is closed');
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await fh.write(buf, off, buf.length - off);
      off += bytesWritten;
    }
    this.size += buf.length;
    this.bytesWritten += buf.length;
  }

  private async rotate(): Promise<void> {
    if (this.fh) await this.fh.close();
    this.fh = undefined;
    for (;;) {
      this.fileNo++;
      const name = `telemetry-${stamp(new Date())}-${String(this.fileNo % 10000).padStart(4, '0')}.jsonl`;
      try {
        this.fh = await open(join(this.options.dir, name), 'wx', 0o600);
        this.currentFile = join(this.options.dir, name);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    this.size = 0;
    await this.prune();
  }

  private async prune(): Promise<void> {
    const keep = this.options.maxFiles ?? 0;
    if (keep <= 0) return;
    const files = (await readdir(this.options.dir)).filter((f) => SPOOL_FILE_PATTERN.test(f)).sort();
    for (const f of files.slice(0, Math.max(0, files.length - keep))) {
      await unlink(join(this.options.dir, f)).catch(() => undefined);
    }
  }

  /** Writes everything queued (and fsyncs it). */
  async flush(): Promise<void> {
    while (this.writing || this.lines.length) {
      if (!this.writing) this.kick();
      this.early?.();
      await this.writing;
    }
    if (this.fh) await this.fh.datasync().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.flush();
    const fh = this.fh;
    this.fh = undefined;
    if (fh) await fh.close();
  }
}
