import { timingSafeEqual } from 'node:crypto';
import { SimHttpError } from '../http/errors';
import type { RequestContext, SimResponse } from '../http/router';
import type { SurfaceApi } from '../surface';
import { KNOWN_SCOPES, REGIONS, type Region } from '../world/types';
import { verifierMatches } from './pkce';

function secretEquals(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** POST /oauth2/v3/token: authorization_code, refresh_token and client_credentials, as Tesla documents them. */
export class TokenEndpoint {
  constructor(private readonly api: SurfaceApi) {}

  private regionOfAudience(audience: string | undefined): Region {
    if (!audience) throw new SimHttpError(400, 'invalid_request', 'audience is required (a Fleet API base URL)');
    const region = REGIONS.find((r) => this.api.world.fleetUrl(r) === audience.replace(/\/+$/, ''));
    if (!region) {
      throw new SimHttpError(400, 'invalid_request', `audience must be a Fleet API base URL: ${REGIONS.map((r) => this.api.world.fleetUrl(r)).join(' or ')}`);
    }
    return region;
  }

  private checkClient(form: Record<string, string>, secretRequired: boolean): string {
    const app = this.api.world.app;
    if (!form.client_id) throw new SimHttpError(400, 'invalid_request', 'client_id is required');
    if (form.client_id !== app.clientId) throw new SimHttpError(400, 'unauthorized_client', "We don't recognize this client_id and client_secret combination");
    if (form.client_secret === undefined) {
      if (secretRequired) throw new SimHttpError(400, 'invalid_request', 'client_secret is required');
    } else if (!secretEquals(form.client_secret, app.clientSecret)) {
      throw new SimHttpError(400, 'unauthorized_client', "We don't recognize this client_id and client_secret combination");
    }
    return form.client_id;
  }

  async handle(ctx: RequestContext): Promise<SimResponse> {
    const form = await ctx.form();
    const grant = form.grant_type;
    if (!grant) throw new SimHttpError(400, 'invalid_request', 'grant_type is required');
    const stats = this.api.tokens.grantStats;
    const counted = grant === 'authorization_code' || grant === 'refresh_token' || grant === 'client_credentials' ? grant : 'other';
    stats[counted].requests += 1;
    let body: object;
    try {
      if (grant === 'authorization_code') body = this.authorizationCode(form);
      else if (grant === 'refresh_token') body = this.refreshToken(form);
      else if (grant === 'client_credentials') body = this.clientCredentials(form);
      else throw new SimHttpError(400, 'unsupported_grant_type', `grant_type ${grant} is not supported`);
    } catch (err) {
      stats[counted].errors += 1;
      throw err;
    }
    return { json: body, headers: NO_STORE };
  }

  private authorizationCode(form: Record<string, string>): object {
    const clientId = this.checkClient(form, true);
    if (!form.code) throw new SimHttpError(400, 'invalid_request', 'code is required');
    this.regionOfAudience(form.audience);
    if (!form.redirect_uri) throw new SimHttpError(400, 'invalid_request', 'redirect_uri is required');
    const code = this.api.tokens.consumeCode(form.code);
    if (code.clientId !== clientId) throw new SimHttpError(400, 'invalid_auth_code', 'the authorization code was issued to another client');
    if (code.redirectUri !== form.redirect_uri) {
      throw new SimHttpError(400, 'invalid_redirect_url', 'redirect_uri does not match the one used in the authorize request');
    }
    if (code.codeChallenge !== undefined) {
      if (!form.code_verifier) throw new SimHttpError(400, 'invalid_request', 'code_verifier is required: the authorize request had a code_challenge');
      if (!verifierMatches(form.code_verifier, code.codeChallenge)) {
        throw new SimHttpError(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
      }
    }
    return this.api.tokens.mintForCode(code, form.audience.replace(/\/+$/, ''));
  }

  private refreshToken(form: Record<string, string>): object {
    const clientId = this.checkClient(form, false);
    if (!form.refresh_token) throw new SimHttpError(400, 'invalid_request', 'refresh_token is required');
    if (form.audience !== undefined) this.regionOfAudience(form.audience);
    return this.api.tokens.refreshGrant(form.refresh_token, clientId, form.audience?.replace(/\/+$/, ''));
  }

  private clientCredentials(form: Record<string, string>): object {
    const clientId = this.checkClient(form, true);
    const region = this.regionOfAudience(form.audience);
    const allowed = this.api.world.app.scopes ?? [...KNOWN_SCOPES];
    let scopes = allowed.filter((s) => s !== 'offline_access');
    if (form.scope !== undefined && form.scope.trim()) {
      scopes = [...new Set(form.scope.trim().split(/\s+/))];
      const bad = scopes.filter((s) => !allowed.includes(s));
      if (bad.length) throw new SimHttpError(400, 'invalid_scope', `scope(s) not enabled for this application: ${bad.join(' ')}`);
    }
    return this.api.tokens.partnerToken(clientId, this.api.world.fleetUrl(region), region, scopes);
  }
}
