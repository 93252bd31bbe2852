import { check, type Check, type CheckReport } from '../types';
import { summarize } from '../types';
import { pairingLink } from '../../partner/pairing';
import type { DoctorFacts } from './facts';
import { analyseTelemetrySync, PUSH_TELEMETRY_ACTION, TELEMETRY_TITLE } from './telemetry';
import { analyseTelemetryServerItem } from './telemetry-server';

const T = {
  credentials: 'App credentials present',
  token: 'Access token valid and unexpired',
  scopes: "Scopes cover Fleetkit's features",
  region: 'Region matches the account',
  registered: "Partner domain registered in the account's region",
  pem: 'Public key hosting passes',
  keyMatch: "Local key matches Tesla's record",
  paired: 'Vehicles have the key paired',
  signing: 'Command signing',
  telemetry: TELEMETRY_TITLE,
};

/** Actions the editor can run for an item (command ids contributed by Fleetkit). */
export const DOCTOR_ACTIONS = {
  signIn: 'fleetkit.signIn',
  setClientSecret: 'fleetkit.setClientSecret',
  register: 'fleetkit.registerPartnerDomain',
  checkPem: 'fleetkit.checkPemHosting',
  rerun: 'fleetkit.runDoctor',
  pushTelemetry: PUSH_TELEMETRY_ACTION,
  importKey: 'fleetkit.importCommandKey',
} as const;

const withAction = (c: Check, action: string): Check => (c.status === 'fail' || c.status === 'warn' ? { ...c, action } : c);

function accountRegion(f: DoctorFacts): string | undefined {
  return f.userRegion?.region ?? f.token?.claims?.ouCode?.toLowerCase();
}

/** The doctor's verdicts, in the order a Fleet API integration breaks. Pure. */
export function analyseDoctor(f: DoctorFacts): CheckReport {
  const checks: Check[] = [];
  /** A fix in the words of where the report is read: the editor's commands, or the `fleetkit` commands. */
  const say = (editor: string, cli: string): string => (f.surface === 'cli' ? cli : editor);

  // 1. Credentials.
  const missing = [!f.clientId && 'client id', !f.hasClientSecret && 'client secret'].filter(Boolean);
  checks.push(
    withAction(
      missing.length
        ? check.fail(
            'app.credentials',
            T.credentials,
            `Missing ${missing.join(' and ')}.`,
            say(
              'Copy the Client ID and Client Secret of your app from developer.tesla.com into Fleetkit (the secret is kept in secure storage).',
              'Copy the Client ID and Client Secret of your app from developer.tesla.com: set FLEETKIT_CLIENT_ID and FLEETKIT_CLIENT_SECRET, or sign in with fleetkit auth login --save-secret (keeps the secret in its 0600 store).',
            ),
          )
        : check.pass('app.credentials', T.credentials, `Client id ${f.clientId}; secret stored.`),
      DOCTOR_ACTIONS.setClientSecret,
    ),
  );

  // 2. Token.
  const claims = f.token?.claims;
  const nowS = f.now.getTime() / 1000;
  if (!f.token) {
    checks.push(
      withAction(
        check.fail(
          'token.valid',
          T.token,
          'Not signed in: no access token.',
          say('Sign in to Tesla.', 'Sign in: run fleetkit auth login (or set FLEETKIT_ACCESS_TOKEN).'),
        ),
        DOCTOR_ACTIONS.signIn,
      ),
    );
  } else if (!claims) {
    checks.push(
      withAction(
        check.fail(
          'token.valid',
          T.token,
          `The access token cannot be read: ${f.token.error ?? 'not a JWT'}.`,
          say('Sign in again.', 'Sign in again: run fleetkit auth login.'),
        ),
        DOCTOR_ACTIONS.signIn,
      ),
    );
  } else if (claims.exp <= nowS) {
    checks.push(
      withAction(
        check.fail(
          'token.valid',
          T.token,
          `The access token expired at ${new Date(claims.exp * 1000).toISOString()}.`,
          say(
            'Refresh the sign-in (Fleetkit refreshes automatically while the refresh token is valid), or sign in again.',
            'Use the signed-in account (fleetkit auth login; it refreshes itself while the refresh token is valid): a token from FLEETKIT_ACCESS_TOKEN or --access-token cannot be refreshed.',
          ),
        ),
        DOCTOR_ACTIONS.signIn,
      ),
    );
  } else {
    checks.push(
      check.pass(
        'token.valid',
        T.token,
        `Valid for ${Math.floor((claims.exp - nowS) / 60)} more minute(s) (expires ${new Date(claims.exp * 1000).toISOString()}).`,
      ),
    );
  }

  // 3. Scopes.
  if (!claims) checks.push(check.skip('token.scopes', T.scopes, 'No readable token.'));
  else {
    const have = new Set(claims.scopes);
    const lacking = f.wantedScopes.filter((s) => !have.has(s) && s !== 'openid' && s !== 'offline_access');
    checks.push(
      withAction(
        lacking.length
          ? check.warn(
              'token.scopes',
              T.scopes,
              `The token lacks ${lacking.join(', ')} (granted: ${claims.scopes.join(' ') || 'none'}).`,
              say(
                'Enable the scopes for the app on developer.tesla.com (changes take up to 10 minutes), then sign in again (Fleetkit asks with prompt_missing_scopes).',
                'Enable the scopes for the app on developer.tesla.com (changes take up to 10 minutes), then run fleetkit auth login again (it asks Tesla with prompt_missing_scopes).',
              ),
            )
          : check.pass('token.scopes', T.scopes, `Granted: ${claims.scopes.join(' ')}.`),
        DOCTOR_ACTIONS.signIn,
      ),
    );
  }

  // 4. Region.
  const region = accountRegion(f);
  if (!claims) checks.push(check.skip('region.match', T.region, 'No readable token.'));
  else if (f.userRegion?.error) {
    checks.push(
      check.fail(
        'region.match',
        T.region,
        `GET /api/1/users/region failed: ${f.userRegion.error}.`,
        'Check the token and the network; the other checks below may explain it.',
      ),
    );
  } else {
    const tokenRegion = claims.ouCode?.toLowerCase();
    const apiRegion = f.userRegion?.region;
    const problems: string[] = [];
    if (tokenRegion && apiRegion && tokenRegion !== apiRegion) {
      problems.push(`the token says ${tokenRegion.toUpperCase()} but Tesla says ${apiRegion.toUpperCase()}`);
    }
    if (region && f.configuredRegions.length && !f.configuredRegions.includes(region)) {
      problems.push(`Fleetkit has no Fleet API URL for ${region.toUpperCase()} (configured: ${f.configuredRegions.join(', ').toUpperCase()})`);
    }
    checks.push(
      problems.length
        ? check.fail(
            'region.match',
            T.region,
            `Region mismatch: ${problems.join('; ')}.`,
            `Use the ${(apiRegion ?? tokenRegion ?? '?').toUpperCase()} base URL ${f.userRegion?.baseUrl ?? ''} for this account (calls elsewhere answer 421).`,
          )
        : check.pass(
            'region.match',
            T.region,
            `The account is in ${(region ?? '?').toUpperCase()}${f.userRegion?.baseUrl ? ` (${f.userRegion.baseUrl})` : ''}.`,
          ),
    );
  }

  // 5. Partner registration (in the account's region; NA, the default, when no token says otherwise).
  const judged = region ?? 'na';
  const row = f.partner?.find((r) => r.region === judged);
  const regionName = `${judged.toUpperCase()}${region ? '' : ' (assumed: no account region known)'}`;
  if (!f.domain) {
    checks.push(
      withAction(
        check.fail(
          'partner.registered',
          T.registered,
          'No partner domain configured.',
          say('Set the domain that hosts your public key (fleetkit.partner.domain).', 'Pass --domain DOMAIN: the domain that hosts your public key.'),
        ),
        DOCTOR_ACTIONS.register,
      ),
    );
  } else if (f.partnerError) {
    checks.push(
      withAction(
        check.fail(
          'partner.registered',
          T.registered,
          `Could not ask Tesla: ${f.partnerError}.`,
          'Check the client id/secret and that the app may use the client-credentials grant.',
        ),
        DOCTOR_ACTIONS.register,
      ),
    );
  } else if (!row) checks.push(check.skip('partner.registered', T.registered, `No registration lookup for ${regionName}.`));
  else if (row.state === 'registered') {
    const others = (f.partner ?? []).filter((r) => r.region !== row.region).map((r) => `${r.region.toUpperCase()}: ${r.state}`);
    checks.push(check.pass('partner.registered', T.registered, `${f.domain} is registered in ${regionName}${others.length ? ` (${others.join(', ')})` : ''}.`));
  } else if (row.state === 'not-registered') {
    checks.push(
      withAction(
        check.fail(
          'partner.registered',
          T.registered,
          `${f.domain} is not registered in ${regionName}: Fleet API calls for this account answer 412 "must be registered in the current region".`,
          say(
            `Register the partner domain in ${regionName} (POST /api/1/partner_accounts with a partner token for that region).`,
            `Run fleetkit partner register ${f.domain} --region ${judged}.`,
          ),
        ),
        DOCTOR_ACTIONS.register,
      ),
    );
  } else {
    checks.push(
      withAction(
        check.fail(
          'partner.registered',
          T.registered,
          `Lookup in ${regionName} failed: ${row.error?.message ?? 'unknown error'}${row.error?.txid ? ` (txid ${row.error.txid})` : ''}.`,
          row.error?.fix ?? 'Try again.',
        ),
        DOCTOR_ACTIONS.register,
      ),
    );
  }

  // 6. PEM hosting.
  if (!f.pem) checks.push(check.skip('pem.hosting', T.pem, f.domain ? 'Not checked.' : 'No partner domain configured.'));
  else {
    const s = summarize(f.pem.checks);
    const failing = f.pem.checks.filter((c) => c.status === 'fail');
    const critical = failing.some((c) => c.critical);
    const c = s.ok
      ? check.pass('pem.hosting', T.pem, `${f.pem.target}: ${s.pass} passed${s.warn ? `, ${s.warn} warning(s)` : ''}.`)
      : check.fail(
          'pem.hosting',
          T.pem,
          `${critical ? 'CRITICAL: a private key is published. ' : ''}${failing.map((x) => `${x.title}: ${x.detail}`).join(' ')}`,
          failing[0]?.fix ?? 'See the PEM hosting report.',
        );
    checks.push(withAction(critical ? { ...c, critical } : c, DOCTOR_ACTIONS.checkPem));
  }

  // 7. The key that signs, then that key vs Tesla's record.
  if (f.commandKey) checks.push(withAction(f.commandKey, DOCTOR_ACTIONS.importKey));
  if (!f.localKey) checks.push(check.skip('partner.key-match', T.keyMatch, 'No command key to compare.'));
  else if (!row || row.state !== 'registered' || !row.publicKeyHex) {
    checks.push(check.skip('partner.key-match', T.keyMatch, 'Tesla has no key on record for this region.'));
  } else if (row.publicKeyHex === f.localKey.pointHex) {
    checks.push(
      check.pass('partner.key-match', T.keyMatch, `Tesla's key in ${regionName} is the local key (${f.localKey.pointSha256 ?? f.localKey.spkiSha256}).`),
    );
  } else {
    checks.push(
      withAction(
        check.fail(
          'partner.key-match',
          T.keyMatch,
          `Tesla's key in ${regionName} (${row.publicKeyHex.slice(0, 18)}…) is not the local key (${(f.localKey.pointHex ?? '').slice(0, 18)}…).`,
          say(
            'Host the local public key and register the domain again so Tesla downloads it; vehicles paired with the old key must pair again.',
            `Host the local public key, then run fleetkit partner register ${f.domain ?? 'DOMAIN'} so Tesla downloads it; vehicles paired with the old key must pair again.`,
          ),
        ),
        DOCTOR_ACTIONS.register,
      ),
    );
  }

  // 8. Pairing.
  const fs = f.fleetStatus;
  if (!claims) checks.push(check.skip('vehicles.paired', T.paired, 'No readable token.'));
  else if (!fs) checks.push(check.skip('vehicles.paired', T.paired, 'Not checked.'));
  else if (fs.error) {
    checks.push(check.fail('vehicles.paired', T.paired, `fleet_status failed: ${fs.error}.`, 'Check the vehicle_device_data scope and the region.'));
  } else if (fs.paired.length + fs.unpaired.length === 0) checks.push(check.skip('vehicles.paired', T.paired, 'The account has no vehicles.'));
  else {
    // A car that does not require the Vehicle Command Protocol (pre-2021 Model S/X) takes unsigned REST commands: it
    // has no key to pair, so it is not a failure.
    const legacy = fs.unpaired.filter((v) => fs.protocolRequired[v] === false);
    const unpaired = fs.unpaired.filter((v) => fs.protocolRequired[v] !== false);
    const legacyNote = legacy.length
      ? ` ${legacy.join(', ')} take${legacy.length === 1 ? 's' : ''} unsigned REST commands and need${legacy.length === 1 ? 's' : ''} no key.`
      : '';
    if (unpaired.length) {
      const link = f.pairingPage ?? (f.domain ? pairingLink(f.domain) : undefined);
      const how = f.pairingPage
        ? say(
            `Open the simulator's pairing page ${f.pairingPage} (or run Pair with Simulated Vehicle) and approve the key.`,
            `Open the simulator's pairing page ${f.pairingPage} and approve the key.`,
          )
        : link
          ? `Open ${link} on the phone with the Tesla app (select the vehicle first if the account has several), and approve the key.`
          : 'Set your partner domain first: the pairing link is https://tesla.com/_ak/<that domain>.';
      checks.push(
        check.fail(
          'vehicles.paired',
          T.paired,
          `Not paired: ${unpaired.join(', ')} (${fs.paired.length} paired). Signed commands to these vehicles are rejected ("public key has not been paired").${legacyNote}`,
          how,
        ),
      );
    } else {
      checks.push(
        check.pass(
          'vehicles.paired',
          T.paired,
          `${fs.paired.length ? `All ${fs.paired.length} vehicle(s) that take signed commands have the key.` : 'No vehicle needs the key.'}${legacyNote}`,
        ),
      );
    }
  }

  // 9. Signing.
  if (!fs || fs.error || fs.paired.length + fs.unpaired.length === 0) checks.push(check.skip('vehicles.signing', T.signing, 'No fleet status.'));
  else {
    const vins = [...fs.paired, ...fs.unpaired];
    const need = vins.filter((v) => fs.protocolRequired[v] !== false);
    const rest = vins.filter((v) => fs.protocolRequired[v] === false);
    checks.push(
      check.pass(
        'vehicles.signing',
        T.signing,
        `${need.length} vehicle(s) need signed commands (Fleetkit signs them with your key)${rest.length ? `; ${rest.length} accept unsigned REST commands (${rest.join(', ')})` : ''}.`,
      ),
    );
  }

  // 10. Telemetry.
  checks.push(!claims ? check.skip('telemetry.synced', T.telemetry, 'No readable token.') : analyseTelemetrySync(f.telemetry, undefined, f.surface));

  // 11. The telemetry server, as vehicles meet it.
  checks.push(analyseTelemetryServerItem(f.telemetryServer));

  const facts: Record<string, string> = {};
  if (region) facts.region = region.toUpperCase();
  if (f.domain) facts.domain = f.domain;
  if (f.domain) facts.pairingLink = pairingLink(f.domain);
  facts.billableCalls = String(f.billableCalls);
  // Editor command ids mean nothing on the command line: the CLI's report carries the fix text only.
  const shown = f.surface === 'cli' ? checks.map(({ action: _action, ...c }) => c) : checks;
  return { kind: 'doctor', target: f.clientId ?? '(no client id)', checkedAt: f.now.toISOString(), checks: shown, facts };
}
