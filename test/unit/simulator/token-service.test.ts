import { strict as assert } from 'node:assert';
import { TokenService } from '../../../simulator/auth/token-service';
import { SimHttpError } from '../../../simulator/http/errors';
import { defaultWorld } from '../../../simulator/world/default-world';
import { SimWorld } from '../../../simulator/world/world';

const URLS = { auth: 'https://127.0.0.1:1', fleet: { NA: 'https://127.0.0.1:2', EU: 'https://127.0.0.1:3' } };
const NA = '8b2f4d0e-1111-4c2a-9f00-00000000aa01';

function setup() {
  const world = new SimWorld(defaultWorld(), URLS);
  const tokens = new TokenService(world);
  const grant = (scopes = ['openid', 'offline_access', 'user_data']) => {
    const code = tokens.issueCode({ clientId: world.app.clientId, redirectUri: world.app.redirectUris[0], scopes, accountId: NA }, 'NA');
    return tokens.mintForCode(tokens.consumeCode(code), URLS.fleet.NA);
  };
  const why = (fn: () => unknown): string => {
    try {
      fn();
      return 'ok';
    } catch (err) {
      assert.ok(err instanceof SimHttpError);
      return `${err.status} ${err.error} ${err.description}`;
    }
  };
  return { world, tokens, grant, why };
}

describe('simulator TokenService', () => {
  it('authenticates its own tokens per audience and refuses the rest', () => {
    const { tokens, grant, why } = setup();
    const t = grant();
    const ctx = tokens.authenticate(t.access_token, URLS.fleet.NA, 'NA');
    assert.equal(ctx.kind, 'user');
    assert.equal(ctx.account?.id, NA);
    assert.ok(ctx.scopes.has('user_data'));
    assert.match(
      why(() => tokens.authenticate(t.access_token, 'https://127.0.0.1:9', 'NA')),
      /401 invalid_token token audience/,
    );
    assert.match(
      why(() => tokens.authenticate('a.b.c', URLS.fleet.NA, 'NA')),
      /invalid bearer token/,
    );
    assert.match(
      why(() => new TokenService(new SimWorld(defaultWorld(), URLS)).authenticate(t.access_token, URLS.fleet.NA, 'NA')),
      /invalid bearer token/,
      'another instance’s key',
    );
  });

  it('rotation chain: every successor works, every ancestor two steps back is dead', () => {
    const { tokens, grant, why } = setup();
    const chain = [grant()];
    for (let i = 0; i < 20; i++) chain.push(tokens.refreshGrant(chain[i].refresh_token!, 'fleetkit-sim-client', undefined));
    for (let i = 0; i < chain.length - 2; i++) {
      assert.match(
        why(() => tokens.refreshGrant(chain[i].refresh_token!, 'fleetkit-sim-client', undefined)),
        /401 login_required/,
        `token ${i}`,
      );
    }
    for (let i = 0; i < chain.length - 1; i++) {
      assert.match(
        why(() => tokens.authenticate(chain[i].access_token, URLS.fleet.NA, 'NA')),
        /token revoked/,
      );
    }
    assert.equal(
      why(() => tokens.authenticate(chain[20].access_token, URLS.fleet.NA, 'NA')),
      'ok',
    );
  });

  it('expired tokens say so even after old records are pruned', () => {
    const { world, tokens, grant, why } = setup();
    const old = grant();
    world.clock.advance(28_801_000);
    for (let i = 0; i < 400; i++) grant();
    assert.match(
      why(() => tokens.authenticate(old.access_token, URLS.fleet.NA, 'NA')),
      /token expired \(401\)/,
    );
  });
});
