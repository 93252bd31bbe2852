import { strict as assert } from 'node:assert';
import { check, type CheckReport } from '../../../core/checks/types';
import { kindOfProblemsUri, problemsDocument, problemsUri, reportProblems } from '../../../core/checks/report/problems';

const report = (checks: CheckReport['checks'], kind: CheckReport['kind'] = 'pem'): CheckReport => ({
  kind,
  target: 'https://fleet.example.com/.well-known/x.pem',
  checkedAt: '2026-01-01T00:00:00.000Z',
  checks,
  facts: {},
});

describe('checks: Problems panel mapping', () => {
  it('fail → error, warn → warning, fix in the message, passes and skips left out, each on its line of the report', () => {
    const r = report([
      check.pass('tls.handshake', 'TLS handshake', 'ok.'),
      check.fail(
        'http.status',
        'HTTP status 200',
        'The server answered 301 to https://www.example.com/.',
        'Serve the file itself; Tesla does not follow redirects.',
      ),
      check.skip('body.format', 'Body is a PEM public key', 'Not checked.'),
      {
        ...check.warn('body.contentType', 'Content type', 'text/html; charset=utf-8.', 'Serve it as application/x-pem-file.'),
        action: 'fleetkit.checkPemHosting',
      },
    ]);
    const doc = problemsDocument(r);
    const lines = doc.split('\n');
    const problems = reportProblems(r, doc);
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity]),
      [
        ['http.status', 'error'],
        ['body.contentType', 'warning'],
      ],
    );
    assert.equal(
      problems[0].message,
      'HTTP status 200: The server answered 301 to https://www.example.com/.\nFix: Serve the file itself; Tesla does not follow redirects.',
    );
    assert.match(lines[problems[0].line], /FAIL {2}HTTP status 200: The server answered 301/);
    assert.match(lines[problems[1].line], /WARN {2}Content type: text\/html/);
    assert.equal(problems[1].action, 'fleetkit.checkPemHosting');
    assert.equal(problems[0].action, undefined);
  });

  it('a critical finding says so first; a green report maps to no problems (the editor clears them)', () => {
    const crit = reportProblems(
      report([
        {
          ...check.fail('body.privateKey', 'Body is a PEM public key', 'The server publishes a PRIVATE KEY.', 'Remove it and rotate the key now.'),
          critical: true,
        },
      ]),
    );
    assert.match(crit[0].message, /^CRITICAL: Body is a PEM public key: .*\nFix: Remove it and rotate the key now\.$/s);
    assert.deepEqual(reportProblems(report([check.pass('a', 'A', 'ok.'), check.skip('b', 'B', 'n/a')])), []);
  });

  it('two checks with the same title and detail land on different lines', () => {
    const same = check.fail('x.1', 'Same', 'Same detail.', 'Fix it.');
    const problems = reportProblems(report([same, { ...same, id: 'x.2' }]));
    assert.notEqual(problems[0].line, problems[1].line);
  });

  it('one document per report kind, and the URI maps back to its kind', () => {
    assert.equal(problemsUri('doctor'), 'fleetkit-checks:/doctor-report');
    for (const k of ['pem', 'redirect', 'doctor', 'telemetry-server'] as const) assert.equal(kindOfProblemsUri(problemsUri(k)), k);
    assert.equal(kindOfProblemsUri('fleetkit-checks:/other'), undefined);
    assert.equal(kindOfProblemsUri('file:///doctor-report'), undefined);
  });
});
