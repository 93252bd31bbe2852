import type { Surface } from '../surface';
import { KNOWN_SCOPES } from '../world/types';
import { BOUNCE_PATH } from '../world/default-world';
import { AuthorizeFlow } from './authorize';
import { bounce } from './bounce';
import { TokenEndpoint } from './token-endpoint';

/**
 * Tesla's auth host: /oauth2/v3/authorize (+ consent), /oauth2/v3/token, OIDC discovery, JWKS, and the bounce page.
 * The browser pages (authorize, consent, bounce) are on the browser listener too; the token endpoint is HTTPS only.
 */
export const authSurface: Surface = {
  name: 'auth',
  register(api) {
    const flow = new AuthorizeFlow(api);
    const token = new TokenEndpoint(api);
    const auth = { hosts: ['auth' as const] };
    // What a person's browser opens is also served on the plain-HTTP browser listener (no certificate warning).
    const pages = { hosts: ['auth' as const, 'browser' as const] };
    api.router.add({ ...pages, method: 'GET', path: '/oauth2/v3/authorize', handler: (ctx) => flow.authorize(ctx) });
    api.router.add({ ...pages, method: 'POST', path: '/oauth2/v3/authorize/consent', handler: (ctx) => flow.decide(ctx) });
    api.router.add({ ...auth, method: 'POST', path: '/oauth2/v3/token', handler: (ctx) => token.handle(ctx) });
    api.router.add({ ...pages, method: 'GET', path: BOUNCE_PATH, handler: (ctx) => bounce(ctx, api.world.app) });
    const discovery = () => {
      const issuer = api.tokens.issuer;
      return {
        json: {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/discovery/keys`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
          code_challenge_methods_supported: ['S256'],
          scopes_supported: [...KNOWN_SCOPES],
          id_token_signing_alg_values_supported: ['ES256'],
          subject_types_supported: ['public'],
          token_endpoint_auth_methods_supported: ['client_secret_post'],
        },
      };
    };
    api.router.add({ ...auth, method: 'GET', path: '/oauth2/v3/.well-known/openid-configuration', handler: discovery });
    api.router.add({ ...auth, method: 'GET', path: '/oauth2/v3/thirdparty/.well-known/openid-configuration', handler: discovery });
    api.router.add({ ...auth, method: 'GET', path: '/oauth2/v3/discovery/keys', handler: () => ({ json: api.tokens.keys.jwks() }) });
  },
};
