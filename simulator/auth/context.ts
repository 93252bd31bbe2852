import type { AccountConfig, Region } from '../world/types';

/** Who is calling a fleet endpoint, established from a verified bearer token. */
export interface AuthContext {
  kind: 'user' | 'partner';
  /** The user account (third-party tokens only). */
  account?: AccountConfig;
  clientId: string;
  scopes: ReadonlySet<string>;
  /** The account's region (user tokens) or the audience's region (partner tokens). */
  region: Region;
  jti: string;
  claims: Record<string, unknown>;
}

/** What a route needs from the caller's token. */
export interface AuthRequirement {
  /** Which token types may call (default 'user'). */
  tokens?: 'user' | 'partner' | 'any';
  /** The token needs at least one of these scopes (empty/absent: no scope check). */
  anyScope?: string[];
  /** Answer 421 when a user token's account lives in the other region (default true). */
  regionCheck?: boolean;
  /**
   * Answer 412 "must be registered in the current region" when the token's app has no partner registration in the
   * host's region and the world's `app.requirePartnerRegistration` is on (default: same as `regionCheck`).
   */
  partnerCheck?: boolean;
}
