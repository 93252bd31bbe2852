import { randomBytes } from 'node:crypto';
import type { SimWorld } from '../world/world';
import type { AccountConfig, Region } from '../world/types';
import { SimHttpError } from '../http/errors';
import type { AuthContext } from './context';
import { JwtKeys } from './jwt';

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  accountId: string;
  codeChallenge?: string;
  nonce?: string;
  expiresAt: number;
  used: boolean;
  /** Family minted from this code (revoked if the code is replayed). */
  familyId?: string;
}

interface Family {
  id: string;
  accountId: string;
  clientId: string;
  scopes: string[];
  nonce?: string;
  revoked: boolean;
  /** Access tokens with a lower sequence number were minted before the latest refresh and are dead. */
  accessValidFromSeq: number;
}

interface RefreshRecord {
  value: string;
  familyId: string;
  parent?: string;
  children: string[];
  issuedAt: number;
  expiresAt: number;
  firstUsedAt?: number;
  revoked: boolean;
}

interface AccessRecord {
  jti: string;
  seq: number;
  issuedAt: number;
  familyId?: string;
  kind: 'user' | 'partner';
  clientId: string;
  accountId?: string;
}

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

const random = (bytes: number): string => randomBytes(bytes).toString('base64url');

/** Tesla-style login_required (401) for refresh failures. */
const loginRequired = (why: string): SimHttpError => new SimHttpError(401, 'login_required', why);

/**
 * All OAuth state of the simulator: authorization codes, refresh-token families with Tesla's rotation rules,
 * and minted access tokens (so a refresh can invalidate the earlier ones). Times come from the world clock.
 */
export class TokenService {
  readonly keys = new JwtKeys();
  private readonly codes = new Map<string, AuthCode>();
  private readonly families = new Map<string, Family>();
  private readonly refresh = new Map<string, RefreshRecord>();
  private readonly access = new Map<string, AccessRecord>();
  private seq = 0;
  private issued = 0;
  /** Token-endpoint calls by grant type (not billed by Tesla; shown in /sim/usage as `auth`). */
  readonly grantStats: Record<'authorization_code' | 'refresh_token' | 'client_credentials' | 'other', { requests: number; errors: number }> = {
    authorization_code: { requests: 0, errors: 0 },
    refresh_token: { requests: 0, errors: 0 },
    client_credentials: { requests: 0, errors: 0 },
    other: { requests: 0, errors: 0 },
  };

  resetGrantStats(): void {
    for (const s of Object.values(this.grantStats)) {
      s.requests = 0;
      s.errors = 0;
    }
  }

  constructor(private readonly world: SimWorld) {}

  get issuer(): string {
    return `${this.world.urls.auth}/oauth2/v3`;
  }

  private now(): number {
    return this.world.clock.now();
  }

  /** Drops codes and access records that can no longer matter, so a long-running simulator does not grow. */
  private prune(): void {
    const now = this.now();
    const accessTtlMs = this.world.settings.tokenTtlSeconds * 1000;
    for (const [k, c] of this.codes) if (now > c.expiresAt + accessTtlMs) this.codes.delete(k);
    for (const [k, r] of this.refresh) if (now > r.expiresAt) this.refresh.delete(k);
    for (const [k, a] of this.access) if (now > a.issuedAt + accessTtlMs) this.access.delete(k);
  }

  private maybePrune(): void {
    if (++this.issued % 200 === 0) this.prune();
  }

  issueCode(input: Omit<AuthCode, 'code' | 'expiresAt' | 'used'>, region: Region): string {
    this.maybePrune();
    const code = `${region}_${random(32)}`;
    this.codes.set(code, { ...input, code, expiresAt: this.now() + this.world.settings.codeTtlSeconds * 1000, used: false });
    return code;
  }

  /** Consumes a code (single use). A replayed code also revokes what the first exchange minted. */
  consumeCode(code: string): AuthCode {
    const rec = this.codes.get(code);
    if (!rec) throw new SimHttpError(400, 'invalid_auth_code', 'the authorization code is invalid');
    if (rec.used) {
      if (rec.familyId) this.revokeFamily(rec.familyId);
      throw new SimHttpError(400, 'invalid_auth_code', 'the authorization code has already been used');
    }
    rec.used = true;
    if (this.now() > rec.expiresAt) throw new SimHttpError(400, 'invalid_auth_code', 'the authorization code has expired');
    return rec;
  }

  /** Mints the first token set of a grant (authorization_code). */
  mintForCode(code: AuthCode, audience: string): TokenSet {
    const account = this.world.account(code.accountId);
    if (!account) throw new SimHttpError(400, 'invalid_auth_code', 'the account of this code no longer exists');
    const family: Family = {
      id: random(12),
      accountId: account.id,
      clientId: code.clientId,
      scopes: code.scopes,
      ...(code.nonce ? { nonce: code.nonce } : {}),
      revoked: false,
      accessValidFromSeq: 0,
    };
    this.families.set(family.id, family);
    code.familyId = family.id;
    return this.mintUserSet(family, account, audience, undefined);
  }

  private mintUserSet(family: Family, account: AccountConfig, audience: string, parent: RefreshRecord | undefined): TokenSet {
    const now = this.now();
    const ttl = this.world.settings.tokenTtlSeconds;
    const jti = random(16);
    const seq = ++this.seq;
    family.accessValidFromSeq = seq;
    this.access.set(jti, { jti, seq, issuedAt: now, familyId: family.id, kind: 'user', clientId: family.clientId, accountId: account.id });
    const fleet = [this.world.fleetUrl(account.region), ...Object.values(this.world.urls.fleet).filter((u) => u !== this.world.fleetUrl(account.region))];
    const aud = audience && !fleet.includes(audience) ? [audience, ...fleet] : fleet;
    const iat = Math.floor(now / 1000);
    const access_token = this.keys.sign({
      iss: `${this.issuer}/nts`,
      azp: family.clientId,
      sub: account.id,
      aud,
      scp: family.scopes,
      amr: ['pwd'],
      exp: iat + ttl,
      iat,
      ou_code: account.region,
      locale: 'en-US',
      account_type: 'person',
      jti,
    });
    const set: TokenSet = { access_token, expires_in: ttl, token_type: 'Bearer' };
    if (family.scopes.includes('offline_access')) {
      const value = `${account.region}_${random(48)}`;
      const rec: RefreshRecord = {
        value,
        familyId: family.id,
        children: [],
        issuedAt: now,
        expiresAt: now + this.world.settings.refreshTtlSeconds * 1000,
        revoked: false,
        ...(parent ? { parent: parent.value } : {}),
      };
      this.refresh.set(value, rec);
      parent?.children.push(value);
      set.refresh_token = value;
    }
    if (family.scopes.includes('openid')) {
      set.id_token = this.keys.sign({
        iss: this.issuer,
        aud: family.clientId,
        sub: account.id,
        email: account.email,
        ...(family.nonce ? { nonce: family.nonce } : {}),
        iat,
        auth_time: iat,
        exp: iat + ttl,
      });
    }
    return set;
  }

  /**
   * refresh_token grant with Tesla's rotation: each use returns a new refresh token; a used token keeps working
   * for `refreshGraceSeconds` (lost-response retry) until one of its successors is used, after which it (and its
   * unused siblings) answer 401 login_required. Every refresh kills the access tokens minted before it.
   */
  refreshGrant(value: string, clientId: string, audience: string | undefined): TokenSet {
    const rec = this.refresh.get(value);
    if (!rec) throw loginRequired('the refresh token is invalid');
    const family = this.families.get(rec.familyId);
    if (!family || family.revoked || rec.revoked) throw loginRequired('the refresh token has been revoked or cycled out');
    if (family.clientId !== clientId) throw new SimHttpError(400, 'unauthorized_client', 'the refresh token was not issued to this client_id');
    const now = this.now();
    if (now > rec.expiresAt) throw loginRequired('the refresh token has expired');
    if (rec.firstUsedAt !== undefined && now - rec.firstUsedAt > this.world.settings.refreshGraceSeconds * 1000) {
      rec.revoked = true;
      throw loginRequired('the refresh token was already used and its grace period is over');
    }
    const account = this.world.account(family.accountId);
    if (!account) throw loginRequired('the account no longer exists');
    rec.firstUsedAt ??= now;
    if (rec.parent) {
      const parent = this.refresh.get(rec.parent);
      if (parent) {
        parent.revoked = true;
        for (const sibling of parent.children) if (sibling !== rec.value) this.markRevoked(sibling);
      }
    }
    return this.mintUserSet(family, account, audience ?? '', rec);
  }

  private markRevoked(value: string): void {
    const r = this.refresh.get(value);
    if (r) r.revoked = true;
  }

  /** client_credentials: a partner token for one regional audience (no refresh token). */
  partnerToken(clientId: string, audience: string, region: Region, scopes: string[]): TokenSet {
    this.maybePrune();
    const ttl = this.world.settings.tokenTtlSeconds;
    const jti = random(16);
    this.access.set(jti, { jti, seq: ++this.seq, issuedAt: this.now(), kind: 'partner', clientId });
    const iat = Math.floor(this.now() / 1000);
    const access_token = this.keys.sign({
      iss: `${this.issuer}/nts`,
      azp: clientId,
      sub: clientId,
      aud: [audience],
      scp: scopes,
      exp: iat + ttl,
      iat,
      ou_code: region,
      account_type: 'partner',
      jti,
    });
    return { access_token, expires_in: ttl, token_type: 'Bearer' };
  }

  /** Revokes every grant of an account (like a password reset or "revoke consent"). Returns how many. */
  revokeAccount(accountId: string): number {
    let n = 0;
    for (const f of this.families.values()) {
      if (f.accountId === accountId && !f.revoked) {
        this.revokeFamily(f.id);
        n++;
      }
    }
    return n;
  }

  private revokeFamily(id: string): void {
    const f = this.families.get(id);
    if (!f) return;
    f.revoked = true;
    for (const r of this.refresh.values()) if (r.familyId === id) r.revoked = true;
  }

  /**
   * Verifies a bearer token for a fleet host at `baseUrl`: signature, expiry (simulator clock), audience, and that
   * no later refresh or revocation has killed it. Throws 401 with Tesla-like messages.
   */
  authenticate(token: string, baseUrl: string, hostRegion: Region | undefined): AuthContext {
    const claims = this.keys.verify(token);
    const invalid = (why: string): SimHttpError =>
      new SimHttpError(401, 'invalid_token', why, { 'www-authenticate': `Bearer error="invalid_token", error_description="${why}"` });
    if (!claims) throw invalid('invalid bearer token');
    if (typeof claims.exp !== 'number' || this.now() / 1000 >= claims.exp) throw invalid('token expired (401)');
    const jti = typeof claims.jti === 'string' ? claims.jti : '';
    const rec = this.access.get(jti);
    if (!rec) throw invalid('invalid bearer token');
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(baseUrl)) throw invalid(`token audience does not include ${baseUrl}`);
    if (rec.familyId) {
      const f = this.families.get(rec.familyId);
      if (!f || f.revoked) throw invalid('token revoked: the user revoked access or signed out');
      if (rec.seq < f.accessValidFromSeq) throw invalid('token revoked: a newer token was issued by refresh');
    }
    const scopes = new Set(Array.isArray(claims.scp) ? claims.scp.filter((s): s is string => typeof s === 'string') : []);
    if (rec.kind === 'partner') {
      const region = claims.ou_code === 'EU' ? 'EU' : 'NA';
      return { kind: 'partner', clientId: rec.clientId, scopes, region: hostRegion ?? region, jti, claims };
    }
    const account = rec.accountId ? this.world.account(rec.accountId) : undefined;
    if (!account) throw new SimHttpError(401, 'invalid_token', 'unknown user');
    return { kind: 'user', account, clientId: rec.clientId, scopes, region: account.region, jti, claims };
  }
}
