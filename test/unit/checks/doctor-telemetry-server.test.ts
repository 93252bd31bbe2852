import { strict as assert } from 'node:assert';
import { analyseTelemetryServerItem, CHECK_TELEMETRY_SERVER_ACTION } from '../../../core/checks/doctor/telemetry-server';
import { check, type Check, type CheckReport } from '../../../core/checks/types';

const report = (checks: Check[]): CheckReport => ({
  kind: 'telemetry-server',
  target: 'telemetry.example.test:443',
  checkedAt: new Date(0).toISOString(),
  checks,
  facts: {},
});

describe('checks: the doctor’s telemetry server item (pure)', () => {
  it('is skipped when no telemetry config was given', () => {
    const c = analyseTelemetryServerItem(undefined);
    assert.equal(c.id, 'telemetry.server');
    assert.equal(c.status, 'skip');
    assert.match(c.detail, /--telemetry-config FILE/);
  });

  it('passes with the counts when no server check fails', () => {
    const c = analyseTelemetryServerItem({ report: report([check.pass('a', 'A', 'ok'), check.pass('b', 'B', 'ok'), check.skip('c', 'C', 'n/a')]) });
    assert.deepEqual([c.status, c.detail, c.action], ['pass', 'telemetry.example.test:443: 2 passed, 1 skipped.', undefined]);
  });

  it('fails with every failing check and the first fix, offering the server check', () => {
    const c = analyseTelemetryServerItem({
      report: report([
        check.pass('a', 'A', 'ok'),
        check.fail('tls.chain', 'Chain', 'no issuer.', 'Serve the chain.'),
        check.warn('w', 'W', 'meh.', 'Later.'),
        check.fail('mtls.required', 'Refuses', 'got in.', 'Require it.'),
      ]),
    });
    assert.equal(c.status, 'fail');
    assert.equal(c.detail, 'telemetry.example.test:443: Chain: no issuer. Refuses: got in.');
    assert.equal(c.fix, 'Serve the chain.');
    assert.equal(c.action, CHECK_TELEMETRY_SERVER_ACTION);
    assert.equal(c.critical, undefined);
  });

  it('warns on warnings only, and carries a critical finding', () => {
    const warn = analyseTelemetryServerItem({ report: report([check.warn('tls.chain', 'Chain', 'partial.', 'Add the root.')]) });
    assert.deepEqual([warn.status, warn.fix], ['warn', 'Add the root.']);
    const critical = analyseTelemetryServerItem({ report: report([{ ...check.fail('config.ca', 'CA', 'key inside.', 'Remove it.'), critical: true }]) });
    assert.equal(critical.critical, true);
  });

  it('fails a config that cannot be checked, naming it', () => {
    const c = analyseTelemetryServerItem({ error: 'fleet.telemetry.json: no "hostname"; set it to the DNS name of your telemetry server' });
    assert.equal(c.status, 'fail');
    assert.equal(c.detail, 'The telemetry config cannot be checked: fleet.telemetry.json: no "hostname"; set it to the DNS name of your telemetry server.');
  });
});
