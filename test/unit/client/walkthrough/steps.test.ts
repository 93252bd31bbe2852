/** The walkthroughs turn green from real results: every step's completion key is set by code, every button exists. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { clientIdProblem } from '../../../../core/oauth/client-id';
import { contextKey, GO_LIVE_STEPS, stepFromReport, stepsFromDoctor } from '../../../../client/walkthrough/steps';
import { check, type CheckReport } from '../../../../core/checks/types';

const ROOT = join(__dirname, '../../../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const report = (...checks: ReturnType<typeof check.pass>[]): CheckReport => ({ title: 'Doctor', target: 'x', checks, facts: {} }) as unknown as CheckReport;

describe('walkthroughs', () => {
  const walkthroughs: Array<{ id: string; steps: Array<{ id: string; description: string; completionEvents?: string[]; media: { markdown?: string } }> }> =
    manifest.contributes.walkthroughs;

  it('every completion event is a context key that some code sets (none can stay grey forever)', () => {
    // The step list itself names every step: look only at the code that reports results.
    const code = sources(join(ROOT, 'client'))
      .filter((f) => !f.endsWith(join('walkthrough', 'steps.ts')))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
      // However the formatter wraps a call: one space for any run of whitespace.
      .replace(/\s+/g, ' ');
    for (const w of walkthroughs) {
      for (const step of w.steps) {
        for (const event of step.completionEvents ?? []) {
          const key = /^onContext:(.+)$/.exec(event)?.[1];
          assert.ok(key, `${w.id}/${step.id}: ${event} is not an onContext event`);
          const name = key.replace(/^fleetkit\./, '');
          const viaProgress = GO_LIVE_STEPS.some((s) => contextKey(s) === key) && (code.includes(`${name}:`) || code.includes(`'${name}'`));
          const direct = code.includes(`'setContext', '${key}'`);
          assert.ok(viaProgress || direct, `${w.id}/${step.id}: nothing sets ${key}`);
        }
      }
    }
  });

  it('every button in a step runs a contributed command, and every media file exists', () => {
    const commands = new Set((manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command));
    const internal = new Set(['fleetkit.openWalkthrough']);
    for (const w of walkthroughs) {
      for (const step of w.steps) {
        for (const m of step.description.matchAll(/\(command:([\w.]+)\)/g)) {
          assert.ok(commands.has(m[1]) || internal.has(m[1]), `${w.id}/${step.id}: command ${m[1]} is not contributed`);
        }
        if (step.media.markdown) assert.ok(statSync(join(ROOT, step.media.markdown)).isFile(), step.media.markdown);
      }
    }
  });

  it('the go-live walkthrough has the nine steps in go-live order', () => {
    const go = walkthroughs.find((w) => w.id === 'fleetkit.goLive');
    assert.deepEqual(
      go?.steps.map((s) => s.completionEvents?.[0]),
      [
        'onContext:fleetkit.appConfigured',
        'onContext:fleetkit.signedInTesla',
        'onContext:fleetkit.commandKeyReady',
        'onContext:fleetkit.publicKeyVerified',
        'onContext:fleetkit.partnerRegistered',
        'onContext:fleetkit.teslaVehiclePaired',
        'onContext:fleetkit.telemetryServerVerified',
        'onContext:fleetkit.telemetryConfigPushed',
        'onContext:fleetkit.telemetryStreaming',
      ],
    );
  });

  it('a doctor run about Tesla completes or undoes steps from its items; skips say nothing; a simulator run counts for nothing', () => {
    const r = report(
      check.pass('app.credentials', 'App credentials', ''),
      check.fail('pem.hosting', 'PEM', '', 'fix'),
      check.pass('partner.registered', 'Registered', ''),
      check.skip('vehicles.paired', 'Paired', ''),
      check.pass('token.scopes', 'Scopes', ''),
    );
    assert.deepEqual(stepsFromDoctor(r, 'tesla'), { appConfigured: true, publicKeyVerified: false, partnerRegistered: true });
    assert.deepEqual(stepsFromDoctor(report(check.pass('vehicles.paired', 'Paired', '')), 'tesla'), { teslaVehiclePaired: true }, 'a Tesla car, for go-live');
    assert.deepEqual(stepsFromDoctor(r, 'simulator'), {});
    assert.deepEqual(stepFromReport('telemetryServerVerified', report(check.pass('a', 'a', ''), check.warn('b', 'b', '', 'f'))), {
      telemetryServerVerified: true,
    });
    assert.deepEqual(stepFromReport('publicKeyVerified', report(check.fail('a', 'a', '', 'f'))), { publicKeyVerified: false });
  });

  it('Set App Credentials takes a UUID client id and says what one looks like', () => {
    assert.equal(clientIdProblem('0f8fad5b-d9cb-469f-a165-70867728950e'), undefined);
    assert.match(clientIdProblem('my-app') ?? '', /UUID/);
    assert.match(clientIdProblem('  ') ?? '', /Paste the Client ID/);
  });
});
