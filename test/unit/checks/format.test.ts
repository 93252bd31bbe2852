import { strict as assert } from 'node:assert';
import { formatReportJson, formatReportText } from '../../../core/checks/report/format';
import { check, summarize, type CheckReport } from '../../../core/checks/types';

const report: CheckReport = {
  kind: 'pem',
  target: 'https://a.test/.well-known/appspecific/com.tesla.3p.public-key.pem',
  checkedAt: '2026-01-01T00:00:00.000Z',
  checks: [
    check.pass('tls.handshake', 'Connection and TLS handshake', 'Connected with TLSv1.3.'),
    check.warn('body.encoding', 'Encoding and whitespace', 'CRLF.', 'Use LF.'),
    { ...check.fail('body.private-key', 'No private key published', 'CRITICAL: …', 'Rotate now.'), critical: true },
    check.skip('key.match', "Matches Fleetkit's command key", 'No local key given.'),
  ],
  facts: { url: 'https://a.test/.well-known/appspecific/com.tesla.3p.public-key.pem', hostedSpkiSha256: 'ab'.repeat(32) },
};

describe('checks: report formatting', () => {
  it('summarises: ok only without failures', () => {
    assert.deepEqual(summarize(report.checks), { pass: 1, warn: 1, fail: 1, skip: 1, ok: false });
    assert.equal(summarize(report.checks.filter((c) => c.status !== 'fail')).ok, true);
  });

  it('prints each check with its status, fixes for warn/fail only, facts and a summary line', () => {
    const text = formatReportText(report);
    assert.match(text, /^PEM hosting — https:\/\/a\.test/);
    assert.match(text, /PASS {2}Connection and TLS handshake: Connected with TLSv1\.3\./);
    assert.match(text, /WARN {2}Encoding and whitespace: CRLF\.\n {8}fix: Use LF\./);
    assert.match(text, /CRIT {2}No private key published/);
    assert.match(text, /Hosted SPKI SHA-256 +abab/);
    assert.doesNotMatch(text, /URL +https/, 'the URL is already the title');
    assert.match(text, /FAILED: 1 passed, 1 warning\(s\), 1 failed, 1 skipped\.\n$/);
    assert.doesNotMatch(formatReportText(report, { verbose: false }), /PASS|SKIP/);
  });

  it('emits JSON with the summary', () => {
    const parsed = JSON.parse(formatReportJson(report));
    assert.equal(parsed.summary.ok, false);
    assert.equal(parsed.checks[2].critical, true);
    assert.equal(parsed.facts.hostedSpkiSha256, 'ab'.repeat(32));
  });
});
