/** Base URL policy: https anywhere; http only to loopback hosts (the simulator, a local proxy). */
export class BaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaseUrlError';
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function checkBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BaseUrlError(`not a URL: ${raw}`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (LOOPBACK.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)) return url;
    throw new BaseUrlError(`http:// is only accepted for loopback hosts (got ${url.host}); use https://`);
  }
  throw new BaseUrlError(`unsupported URL scheme ${url.protocol} (use https://)`);
}
