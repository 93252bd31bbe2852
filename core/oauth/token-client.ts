import { request, type Dispatcher } from 'undici';
import { parseTokenResponse, type TokenResponse } from './token-response';

export interface TokenClientOptions {
  /** Full token endpoint, e.g. `https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token`. */
  readonly tokenUrl: string;
  readonly clientId: string;
  /** Carries the TLS trust (e.g. the simulator's CA) for this client only. */
  readonly dispatcher?: Dispatcher;
  readonly userAgent?: string;
  /** Per-request timeout; the auth host is small and fast, so failing early is better than hanging. */
  readonly timeoutMs?: number;
}

export interface CodeExchange {
  readonly code: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  /** A Fleet API base URL (Tesla requires it). */
  readonly audience: string;
  readonly clientSecret: string;
  readonly scope?: string;
}

export interface ClientCredentials {
  readonly clientSecret: string;
  readonly audience: string;
  readonly scope?: string;
}

/** Tesla's token endpoint: form-encoded POSTs, JSON answers. Pure I/O, no state. */
export class TokenClient {
  constructor(private readonly options: TokenClientOptions) {
    const url = new URL(options.tokenUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('token URL must be http(s)');
    if (!options.clientId) throw new Error('client id is required');
  }

  get clientId(): string {
    return this.options.clientId;
  }

  exchangeCode(x: CodeExchange): Promise<TokenResponse> {
    return this.post({
      grant_type: 'authorization_code',
      client_id: this.options.clientId,
      client_secret: x.clientSecret,
      code: x.code,
      code_verifier: x.codeVerifier,
      redirect_uri: x.redirectUri,
      audience: x.audience,
      ...(x.scope ? { scope: x.scope } : {}),
    });
  }

  refresh(refreshToken: string, scope?: string): Promise<TokenResponse> {
    return this.post({
      grant_type: 'refresh_token',
      client_id: this.options.clientId,
      refresh_token: refreshToken,
      ...(scope ? { scope } : {}),
    });
  }

  clientCredentials(x: ClientCredentials): Promise<TokenResponse> {
    return this.post({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: x.clientSecret,
      audience: x.audience,
      ...(x.scope ? { scope: x.scope } : {}),
    });
  }

  private async post(form: Record<string, string>): Promise<TokenResponse> {
    const timeout = this.options.timeoutMs ?? 30_000;
    const res = await request(this.options.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'user-agent': this.options.userAgent ?? 'fleetkit',
      },
      body: new URLSearchParams(form).toString(),
      dispatcher: this.options.dispatcher,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    const text = await res.body.text();
    return parseTokenResponse(res.statusCode, text);
  }
}
