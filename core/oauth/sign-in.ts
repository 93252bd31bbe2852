import type { Dispatcher } from 'undici';
import { buildAuthorizeUrl, type CallbackResult } from './authorize';
import { CallbackError } from './errors';
import { decodeJwt } from './jwt';
import { createPkcePair, type PkcePair } from './pkce';
import { createNonce, createState, randomUrlSafe, safeEqual } from './random';
import type { Region } from './region';
import { sessionFromTokens, type StoredSession } from './session';
import { TokenClient } from './token-client';
import { fetchUserRegion } from './user-region';

export interface AuthEndpoints {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly fleetUrls: Readonly<Partial<Record<Region, string>>>;
}

export interface PrepareOptions {
  readonly endpoints: AuthEndpoints;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly promptMissingScopes?: boolean;
  /** A state value chosen by the caller (e.g. one a forwarding page can read); random when absent. */
  readonly state?: string;
  readonly loginHint?: string;
}

/** One pending authorization: what went to the browser and what must come back. */
export interface PendingAuthorization {
  readonly url: string;
  readonly state: string;
  readonly nonce: string;
  readonly pkce: PkcePair;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
}

export function prepareAuthorization(o: PrepareOptions): PendingAuthorization {
  const state = o.state ?? createState();
  const nonce = createNonce();
  const pkce = createPkcePair();
  const url = buildAuthorizeUrl({
    authorizeUrl: o.endpoints.authorizeUrl,
    clientId: o.clientId,
    redirectUri: o.redirectUri,
    scopes: o.scopes,
    state,
    nonce,
    codeChallenge: pkce.challenge,
    promptMissingScopes: o.promptMissingScopes,
    loginHint: o.loginHint,
  });
  return { url, state, nonce, pkce, redirectUri: o.redirectUri, scopes: o.scopes };
}

export interface CompleteOptions {
  readonly pending: PendingAuthorization;
  readonly callback: CallbackResult;
  readonly endpoints: AuthEndpoints;
  readonly environment: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly dispatcher?: Dispatcher;
  /** Fleet API base URL used as `audience` for the code exchange (Tesla requires one). */
  readonly audience?: string;
  readonly now?: () => number;
  /** Confirm the region with `/api/1/users/region` (default true). */
  readonly confirmRegion?: boolean;
  readonly sessionId?: string;
}

/** Exchanges the code (PKCE + client secret), checks the id_token nonce, builds the session, confirms the region. */
export async function completeAuthorization(o: CompleteOptions): Promise<StoredSession> {
  const now = o.now ?? Date.now;
  const audience = o.audience ?? o.endpoints.fleetUrls.na ?? Object.values(o.endpoints.fleetUrls)[0];
  if (!audience) throw new Error('no Fleet API base URL to use as audience');
  const client = new TokenClient({ tokenUrl: o.endpoints.tokenUrl, clientId: o.clientId, dispatcher: o.dispatcher });
  const tokens = await client.exchangeCode({
    code: o.callback.code,
    codeVerifier: o.pending.pkce.verifier,
    redirectUri: o.pending.redirectUri,
    audience,
    clientSecret: o.clientSecret,
  });
  if (tokens.idToken) {
    const { payload } = decodeJwt(tokens.idToken);
    if (payload.nonce !== undefined && !safeEqual(String(payload.nonce), o.pending.nonce)) {
      throw new CallbackError('The id_token nonce does not match this sign-in.');
    }
  }
  let session = sessionFromTokens(tokens, {
    id: o.sessionId ?? randomUrlSafe(16),
    environment: o.environment,
    tokenUrl: o.endpoints.tokenUrl,
    clientId: o.clientId,
    requestedScopes: o.pending.scopes,
    fleetUrls: o.endpoints.fleetUrls,
    now: now(),
  });
  if (o.confirmRegion !== false) {
    try {
      const confirmed = await fetchUserRegion(session.fleetBaseUrl, session.accessToken, o.dispatcher);
      if (confirmed.region !== session.region || confirmed.fleetBaseUrl !== session.fleetBaseUrl) {
        session = { ...session, region: confirmed.region, fleetBaseUrl: confirmed.fleetBaseUrl };
      }
    } catch {
      // The claims-based guess stands; the Fleet API client corrects it on a 421.
    }
  }
  return session;
}
