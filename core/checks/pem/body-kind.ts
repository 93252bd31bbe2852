import { scanPem, isPrivateKeyLabel, isPublicKeyLabel, type PemScan } from './pem-blocks';

/** What a downloaded body looks like, before any key is parsed. */
export type BodyKind =
  | { kind: 'empty' }
  | { kind: 'utf16' }
  | { kind: 'der' }
  | { kind: 'binary' }
  | { kind: 'html'; challenge: boolean }
  | { kind: 'json' }
  | { kind: 'openssh' }
  | { kind: 'bare-base64' }
  | { kind: 'pem'; scan: PemScan }
  | { kind: 'text' };

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Body text with a UTF-8 BOM removed (its presence is reported separately). */
export function bodyText(body: Buffer): string {
  const b = body.subarray(0, UTF8_BOM.length).equals(UTF8_BOM) ? body.subarray(UTF8_BOM.length) : body;
  return b.toString('utf8');
}

export function hasUtf8Bom(body: Buffer): boolean {
  return body.subarray(0, 3).equals(UTF8_BOM);
}

export function classifyBody(body: Buffer): BodyKind {
  if (body.length === 0 || body.toString('latin1').trim() === '') return { kind: 'empty' };
  if ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff)) return { kind: 'utf16' };
  // DER SEQUENCE with a long-form length: a binary key or certificate.
  if (body[0] === 0x30 && ((body[1] & 0x80) !== 0 || body[1] === 0x59)) return { kind: 'der' };
  const text = bodyText(body);
  const head = text.slice(0, 4096);
  if (text.includes('-----BEGIN ')) {
    const scan = scanPem(text);
    if (scan.blocks.length > 0 || scan.unterminatedLabel) return { kind: 'pem', scan };
  }
  if (head.includes('\u0000')) return { kind: 'binary' };
  if (/^\s*(<!doctype\s+html|<html|<head|<body|<!--|<script|<meta|<div|<title)/i.test(head) || /<html[\s>]/i.test(head)) {
    return { kind: 'html', challenge: /cf-chl|challenge-platform|just a moment|captcha|attention required/i.test(text.slice(0, 65536)) };
  }
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed)) {
    try {
      JSON.parse(trimmed);
      return { kind: 'json' };
    } catch {
      // not JSON after all
    }
  }
  if (/^(ecdsa-sha2-nistp\d+|ssh-rsa|ssh-ed25519)\s+[A-Za-z0-9+/=]+/.test(trimmed)) return { kind: 'openssh' };
  if (/^[A-Za-z0-9+/=\s]{40,}$/.test(trimmed)) return { kind: 'bare-base64' };
  return { kind: 'text' };
}

/** True when the body is what Tesla wants at first sight: one or more PEM public key blocks. */
export function looksLikePublicKeyPem(body: Buffer): boolean {
  const k = classifyBody(body);
  return k.kind === 'pem' && k.scan.blocks.some((b) => isPublicKeyLabel(b.label)) && !k.scan.blocks.some((b) => isPrivateKeyLabel(b.label));
}
