/** The tesla-http-proxy URL rule (pure): https://, or http:// on a loopback host only; the origin is what is used. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function checkProxyUrl(value: string): { url: string } | { problem: string } {
  const raw = value.trim();
  if (!raw) return { problem: 'is empty' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: `is not a URL: ${raw}` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    return { problem: `must be https:// (http:// only on loopback hosts): ${url.origin}` };
  }
  return { url: url.origin };
}
