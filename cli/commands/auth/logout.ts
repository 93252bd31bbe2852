import { createFleetDispatcher } from '../../../core/fleet-api/transport';
import { discoverRevocationEndpoint, revokeToken, teslaConsentRevokeUrl } from '../../../core/oauth/revoke';
import { readFile } from 'node:fs/promises';
import { AuthStore, AuthStoreError, parseAuthRecord, type AuthRecord } from '../../auth/store';
import type { CliIO } from '../../command';
import { parseOptions } from '../../args';
import type { Subcommand } from '../../subcommands';

const USAGE = `Usage: fleetkit auth logout [--no-revoke] [--json]

Deletes the protected sign-in store (tokens, and the client secret if it was saved). When the OAuth server offers
token revocation (a revocation_endpoint in its OpenID configuration), the refresh token is revoked first; Tesla
offers none, so for Tesla accounts the consent page where access is withdrawn is shown instead.
A store other users could read is deleted too (and the tokens in it should be considered exposed).

  --no-revoke   only delete the local store
  --json        {"ok":true,"deleted":…,"revocation":"revoked"|"unsupported"|"failed"|"skipped",…} on stdout
`;

type Revocation = 'revoked' | 'unsupported' | 'failed' | 'skipped';

async function revoke(record: AuthRecord): Promise<{ result: Revocation; detail?: string }> {
  const s = record.session;
  if (!s) return { result: 'skipped', detail: 'no tokens stored' };
  const ca = record.endpoints.caPath ? await readFile(record.endpoints.caPath, 'utf8').catch(() => undefined) : undefined;
  const dispatcher = ca ? createFleetDispatcher({ ca }) : undefined;
  try {
    const url = await discoverRevocationEndpoint(s.tokenUrl, dispatcher);
    if (!url) return { result: 'unsupported' };
    await revokeToken({
      revocationUrl: url,
      token: s.refreshToken,
      tokenTypeHint: 'refresh_token',
      clientId: s.clientId,
      clientSecret: record.clientSecret,
      dispatcher,
    });
    return { result: 'revoked' };
  } catch (err) {
    return { result: 'failed', detail: err instanceof Error ? err.message : String(err) };
  } finally {
    await dispatcher?.close();
  }
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseOptions(args, { 'no-revoke': { type: 'boolean' }, json: { type: 'boolean' } });
  const store = AuthStore.forEnv(io.env);
  let record: AuthRecord | undefined;
  let exposed = false;
  try {
    record = await store.read();
  } catch (err) {
    if (!(err instanceof AuthStoreError)) throw err;
    // A store others could read is exactly what logout should remove; its tokens are still revoked when possible.
    exposed = true;
    record = await readFile(store.path, 'utf8')
      .then((t) => parseAuthRecord(t, store.path))
      .catch(() => undefined);
  }
  const revocation = values['no-revoke'] || !record ? { result: 'skipped' as const } : await revoke(record);
  const deleted = await store.delete();
  const consentUrl = record?.endpoints.name === 'tesla' && revocation.result !== 'revoked' ? teslaConsentRevokeUrl(record.clientId) : undefined;
  if (values.json) {
    io.stdout.write(
      JSON.stringify({
        ok: true,
        deleted,
        store: store.path,
        revocation: revocation.result,
        ...(consentUrl ? { consentUrl } : {}),
        ...(exposed ? { exposed } : {}),
      }) + '\n',
    );
  }
  const lines = [deleted ? `Signed out: deleted ${store.path}.` : `Not signed in (no store at ${store.path}).`];
  if (revocation.result === 'revoked') lines.push('The refresh token was revoked at the OAuth server.');
  if (revocation.result === 'unsupported') lines.push('The OAuth server offers no token revocation; the tokens stay valid until they expire.');
  if (revocation.result === 'failed') lines.push(`Revoking the refresh token failed (${revocation.detail}); the local copy is deleted anyway.`);
  if (consentUrl) lines.push(`To withdraw the app's access to your Tesla account: ${consentUrl}`);
  if (exposed) lines.push('The store was readable by other users: consider its tokens exposed and withdraw the access as above.');
  io.stderr.write(lines.join('\n') + '\n');
  return 0;
}

export const logoutSubcommand: Subcommand = { summary: 'Delete the stored tokens (revoking them where the server can)', usage: USAGE, run };
