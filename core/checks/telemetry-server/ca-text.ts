import { X509Certificate } from 'node:crypto';

/** A telemetry config's `ca` string, split into its certificates. */
export interface CaText {
  /** PEM blocks that parse, in order. */
  readonly pems: readonly string[];
  readonly certs: readonly X509Certificate[];
  /** 1-based positions of blocks that do not parse, with the reason. */
  readonly unreadable: ReadonlyArray<{ readonly index: number; readonly error: string }>;
  readonly hasPrivateKey: boolean;
}

/** Splits `ca` into certificates without throwing (the check reports what is wrong with it). */
export function readCaText(ca: string | null): CaText {
  const text = ca ?? '';
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const pems: string[] = [];
  const certs: X509Certificate[] = [];
  const unreadable: Array<{ index: number; error: string }> = [];
  blocks.forEach((block, i) => {
    try {
      certs.push(new X509Certificate(block));
      pems.push(block);
    } catch (err) {
      unreadable.push({ index: i + 1, error: (err as Error).message.split('\n')[0] });
    }
  });
  return { pems, certs, unreadable, hasPrivateKey: /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) };
}
