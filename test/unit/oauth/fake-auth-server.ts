/**
 * A tiny Tesla-like auth server on 127.0.0.1 for unit tests (the integration tests use the real simulator).
 * Implements refresh-token rotation with Tesla's rule: the token just used stays valid until its successor is used.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAuthOptions {
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  ttlSeconds?: number;
  /** Delay before answering a refresh, so concurrent callers really overlap. */
  refreshDelayMs?: number;
  ouCode?: string;
}

interface RefreshRecord {
  sub: string;
  successor?: string;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export class FakeAuthServer {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly key = randomBytes(32);
  refreshCalls = 0;
  tokenCalls: Array<Record<string, string>> = [];
  private server!: Server;
  private readonly codes = new Map<string, { challenge: string; redirectUri: string; scope: string; nonce: string }>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  baseUrl = '';

  constructor(readonly options: FakeAuthOptions = {}) {
    this.clientId = options.clientId ?? 'fake-client';
    this.clientSecret = options.clientSecret ?? 'fake-secret-0123456789';
  }

  get fleetUrls() {
    return { na: `${this.baseUrl}/fleet-na`, eu: `${this.baseUrl}/fleet-eu` };
  }

  get endpoints() {
    return { authorizeUrl: `${this.baseUrl}/oauth2/v3/authorize`, tokenUrl: `${this.baseUrl}/oauth2/v3/token`, fleetUrls: this.fleetUrls };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => this.json(res, 500, { response: null, error: 'internal', error_description: 'x' }));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  mintAccessToken(sub: string, scope: string, ttl = this.options.ttlSeconds ?? 28800): string {
    const now = Math.floor(Date.now() / 1000);
    const region = (this.options.ouCode ?? 'EU').toLowerCase() as 'na' | 'eu';
    const payload = {
      iss: `${this.baseUrl}/oauth2/v3`,
      sub,
      scp: scope.split(' '),
      aud: [this.fleetUrls[region], `${this.baseUrl}/oauth2/v3/userinfo`],
      ou_code: this.options.ouCode ?? 'EU',
      iat: now,
      exp: now + ttl,
      jti: randomBytes(8).toString('hex'),
    };
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
    return `${unsigned}.${createHmac('sha256', this.key).update(unsigned).digest('base64url')}`;
  }

  /** Registers a refresh token directly (as if an earlier sign-in happened). */
  issueRefreshToken(sub: string): string {
    const rt = `EU_${randomBytes(24).toString('base64url')}`;
    this.refreshTokens.set(rt, { sub });
    return rt;
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, error: string, description: string): void {
    this.json(res, status, { response: null, error, error_description: description });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    if (req.method === 'GET' && url.pathname === '/oauth2/v3/authorize') return this.authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/oauth2/v3/token') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      this.tokenCalls.push(form);
      return this.token(form, res);
    }
    if (req.method === 'GET' && url.pathname.endsWith('/api/1/users/region')) {
      const region = (this.options.ouCode ?? 'EU').toLowerCase() as 'na' | 'eu';
      return this.json(res, 200, { response: { region, fleet_api_base_url: this.fleetUrls[region] } });
    }
    this.error(res, 404, 'not_found', 'no such route');
  }

  private authorize(url: URL, res: ServerResponse): void {
    const p = url.searchParams;
    const redirectUri = p.get('redirect_uri') ?? '';
    if (p.get('client_id') !== this.clientId) return this.error(res, 400, 'invalid_client', 'unknown client_id');
    if (this.options.redirectUris && !this.options.redirectUris.includes(redirectUri)) {
      return this.error(res, 400, 'invalid_redirect_url', 'redirect_uri not allowed');
    }
    if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) return this.error(res, 400, 'invalid_request', 'S256 required');
    const code = `EU_${randomBytes(16).toString('hex')}`;
    this.codes.set(code, { challenge: p.get('code_challenge')!, redirectUri, scope: p.get('scope') ?? '', nonce: p.get('nonce') ?? '' });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', p.get('state') ?? '');
    back.searchParams.set('issuer', `${this.baseUrl}/oauth2/v3`);
    back.searchParams.set('locale', 'en-US');
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  private async token(f: Record<string, string>, res: ServerResponse): Promise<void> {
    if (f.client_id !== this.clientId) return this.error(res, 401, 'invalid_client', 'unknown client');
    if (f.grant_type === 'authorization_code') {
      const rec = f.code ? this.codes.get(f.code) : undefined;
      if (!rec) return this.error(res, 400, 'invalid_grant', 'unknown or used code');
      this.codes.delete(f.code!);
      if (f.client_secret !== this.clientSecret) return this.error(res, 401, 'invalid_client', 'bad secret');
      if (f.redirect_uri !== rec.redirectUri) return this.error(res, 400, 'invalid_redirect_url', 'redirect mismatch');
      if (!f.audience) return this.error(res, 400, 'invalid_request', 'audience required');
      const challenge = createHash('sha256')
        .update(f.code_verifier ?? '')
        .digest('base64url');
      if (challenge !== rec.challenge) return this.error(res, 400, 'invalid_grant', 'code_verifier mismatch');
      const sub = 'user-eu-1';
      const idPayload = { sub, email: 'eu.owner@example.test', nonce: rec.nonce, aud: this.clientId };
      const idToken = `${b64({ alg: 'HS256' })}.${b64(idPayload)}.${createHmac('sha256', this.key).update('id').digest('base64url')}`;
      return this.json(res, 200, {
        access_token: this.mintAccessToken(sub, rec.scope),
        refresh_token: this.issueRefreshToken(sub),
        id_token: idToken,
        token_type: 'Bearer',
        expires_in: this.options.ttlSeconds ?? 28800,
      });
    }
    if (f.grant_type === 'refresh_token') {
      this.refreshCalls++;
      if (this.options.refreshDelayMs) await new Promise((r) => setTimeout(r, this.options.refreshDelayMs));
      const rec = f.refresh_token ? this.refreshTokens.get(f.refresh_token) : undefined;
      const successorUsed = rec?.successor !== undefined && this.refreshTokens.get(rec.successor)?.successor !== undefined;
      if (!rec || successorUsed) return this.error(res, 401, 'login_required', 'refresh token expired or cycled out');
      const next = this.issueRefreshToken(rec.sub);
      rec.successor = next;
      return this.json(res, 200, {
        access_token: this.mintAccessToken(rec.sub, 'openid offline_access user_data vehicle_device_data'),
        refresh_token: next,
        token_type: 'Bearer',
        expires_in: this.options.ttlSeconds ?? 28800,
      });
    }
    if (f.grant_type === 'client_credentials') {
      if (f.client_secret !== this.clientSecret) return this.error(res, 401, 'invalid_client', 'bad secret');
      if (!f.audience) return this.error(res, 400, 'invalid_request', 'audience required');
      return this.json(res, 200, { access_token: this.mintAccessToken('partner', 'vehicle_device_data'), token_type: 'Bearer', expires_in: 28800 });
    }
    this.error(res, 400, 'unsupported_grant_type', f.grant_type ?? '');
  }
}
