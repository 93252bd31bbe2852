import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoverRevocationEndpoint, discoveryUrlFor, revokeToken, teslaConsentRevokeUrl } from '../../../core/oauth/revoke';

/** A small OAuth server on loopback: discovery with or without revocation_endpoint, and RFC 7009 revocation. */
async function startServer(withRevocation: boolean): Promise<{ base: string; revoked: string[]; server: Server }> {
  const revoked: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.method === 'GET' && req.url === '/oauth2/v3/.well-known/openid-configuration') {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            issuer: `${base}/oauth2/v3`,
            token_endpoint: `${base}/oauth2/v3/token`,
            ...(withRevocation ? { revocation_endpoint: `${base}/oauth2/v3/revoke` } : {}),
          }),
        );
        return;
      }
      if (req.method === 'POST' && req.url === '/oauth2/v3/revoke') {
        const form = new URLSearchParams(body);
        if (form.get('client_id') !== 'cid') {
          res.statusCode = 401;
          res.end(JSON.stringify({ error: 'invalid_client', error_description: 'unknown client' }));
          return;
        }
        revoked.push(`${form.get('token_type_hint')}:${form.get('token')}`);
        res.end();
        return;
      }
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, revoked, server };
}

describe('oauth: token revocation where the server offers it (RFC 7009)', () => {
  it('derives the discovery URL from the token URL', () => {
    assert.equal(
      discoveryUrlFor('https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token'),
      'https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/.well-known/openid-configuration',
    );
    // developer.tesla.com (third-party tokens): users withdraw access on this consent page.
    assert.equal(teslaConsentRevokeUrl('a b'), 'https://auth.tesla.com/user/revoke/consent?revoke_client_id=a%20b');
  });

  it('discovers and uses the revocation endpoint; errors carry the OAuth code', async () => {
    const s = await startServer(true);
    try {
      const url = await discoverRevocationEndpoint(`${s.base}/oauth2/v3/token`);
      assert.equal(url, `${s.base}/oauth2/v3/revoke`);
      await revokeToken({ revocationUrl: url!, token: 'rt-1', tokenTypeHint: 'refresh_token', clientId: 'cid' });
      assert.deepEqual(s.revoked, ['refresh_token:rt-1']);
      await assert.rejects(
        revokeToken({ revocationUrl: url!, token: 'rt-2', tokenTypeHint: 'refresh_token', clientId: 'other' }),
        (e: Error & { code?: string; status?: number }) => e.code === 'invalid_client' && e.status === 401,
      );
    } finally {
      s.server.close();
    }
  });

  it('no revocation_endpoint, no discovery document or nobody listening: undefined (skip)', async () => {
    const s = await startServer(false);
    try {
      assert.equal(await discoverRevocationEndpoint(`${s.base}/oauth2/v3/token`), undefined);
      assert.equal(await discoverRevocationEndpoint(`${s.base}/elsewhere/token`), undefined);
    } finally {
      s.server.close();
    }
    assert.equal(await discoverRevocationEndpoint(`${s.base}/oauth2/v3/token`, undefined, 1000), undefined);
  });
});
