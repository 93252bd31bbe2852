/**
 * Token revocation (RFC 7009) where the authorization server offers it. Tesla documents none (users withdraw an
 * app's access on the consent page), and the simulator follows Tesla; so the endpoint is discovered from the
 * server's OpenID configuration and revocation is skipped when it lists no `revocation_endpoint`.
 */
import { request, type Dispatcher } from 'undici';
import { OAuthError } from './errors';

/** Where users withdraw an app's access to their Tesla account (developer.tesla.com, third-party tokens). */
export function teslaConsentRevokeUrl(clientId: string): string {
  return `https://auth.tesla.com/user/revoke/consent?revoke_client_id=${encodeURIComponent(clientId)}`;
}

/** `…/oauth2/v3/token` → `…/oauth2/v3/.well-known/openid-configuration`. Pure. */
export function discoveryUrlFor(tokenUrl: string): string {
  const url = new URL(tokenUrl);
  url.pathname = `${url.pathname.replace(/\/token\/?$/, '')}/.well-known/openid-configuration`;
  url.search = '';
  return url.toString();
}

/** The server's `revocation_endpoint`, or undefined when it has none or no discovery document answers. */
export async function discoverRevocationEndpoint(tokenUrl: string, dispatcher?: Dispatcher, timeoutMs = 5_000): Promise<string | undefined> {
  try {
    const res = await request(discoveryUrlFor(tokenUrl), {
      dispatcher,
      headers: { accept: 'application/json', 'user-agent': 'fleetkit' },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) return undefined;
    const endpoint = (JSON.parse(text) as { revocation_endpoint?: unknown }).revocation_endpoint;
    if (typeof endpoint !== 'string') return undefined;
    const url = new URL(endpoint);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

export interface RevokeRequest {
  readonly revocationUrl: string;
  readonly token: string;
  readonly tokenTypeHint: 'refresh_token' | 'access_token';
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly dispatcher?: Dispatcher;
  readonly timeoutMs?: number;
}

/** POSTs the token to the revocation endpoint; resolves on 200 (RFC 7009 §2.2), else throws an OAuthError. */
export async function revokeToken(r: RevokeRequest): Promise<void> {
  const timeout = r.timeoutMs ?? 10_000;
  const form: Record<string, string> = { token: r.token, token_type_hint: r.tokenTypeHint, client_id: r.clientId };
  if (r.clientSecret) form.client_secret = r.clientSecret;
  const res = await request(r.revocationUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'fleetkit' },
    body: new URLSearchParams(form).toString(),
    dispatcher: r.dispatcher,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const text = await res.body.text();
  if (res.statusCode === 200) return;
  let code = `http_${res.statusCode}`;
  let description: string | undefined;
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') code = body.error;
    if (typeof body.error_description === 'string') description = body.error_description;
  } catch {
    // not JSON: the status says enough
  }
  throw new OAuthError(code, description, res.statusCode);
}
