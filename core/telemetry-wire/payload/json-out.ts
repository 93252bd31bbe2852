/**
 * An append-only buffer of JSON bytes. The bridge writes each record's line straight into one (metadata, then the
 * decoded payload), so a record costs one Buffer copy instead of many small strings joined and then encoded.
 */
export class JsonOut {
  private buf = Buffer.allocUnsafe(8192);
  private len = 0;

  get length(): number {
    return this.len;
  }

  reset(): void {
    this.len = 0;
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  /** Text that needs no escaping and is ASCII: punctuation, keys and numbers we formatted, enum names. */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let at = this.len;
    for (let i = 0; i < n; i++) b[at++] = s.charCodeAt(i);
    this.len = at;
  }

  /** Any JSON text (UTF-8 encoded). */
  text(s: string): void {
    this.room(s.length * 3);
    this.len += this.buf.write(s, this.len, 'utf8');
  }

  /** A string value, quoted and escaped. */
  string(s: string): void {
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        this.text(JSON.stringify(s));
        return;
      }
    }
    this.room(n + 2);
    const b = this.buf;
    let at = this.len;
    b[at++] = 0x22;
    for (let i = 0; i < n; i++) b[at++] = s.charCodeAt(i);
    b[at++] = 0x22;
    this.len = at;
  }

  /** Bytes that are already JSON text (UTF-8). */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Appends what another JsonOut holds. */
  append(other: JsonOut): void {
    this.room(other.len);
    other.buf.copy(this.buf, this.len, 0, other.len);
    this.len += other.len;
  }

  /** A copy of what has been written. */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }

  toString(): string {
    return this.buf.toString('utf8', 0, this.len);
  }
}
