import { createState } from './random';

/**
 * A `state` that also carries where a forwarding (bounce) page should send the browser next:
 * `<random>.<base64url(JSON {"r": "<editor callback URL>"})>`. The random part keeps it unguessable;
 * the whole string is compared on return, so the forward target cannot be swapped.
 * This is the contract of the simulator's `/fleetkit/callback` page and of the README's bounce page for Tesla.
 */
export function createForwardState(editorCallbackUrl: string): string {
  const target = new URL(editorCallbackUrl).toString();
  return `${createState()}.${Buffer.from(JSON.stringify({ r: target }), 'utf8').toString('base64url')}`;
}

/** The editor callback URL inside a forward state, or undefined. */
export function forwardTargetOf(state: string): string | undefined {
  const m = /^[A-Za-z0-9_-]{16,}\.([A-Za-z0-9_-]+)$/.exec(state);
  if (!m) return undefined;
  try {
    const v = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as unknown;
    const r = typeof v === 'object' && v !== null ? (v as { r?: unknown }).r : undefined;
    return typeof r === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}
