import assert from 'node:assert/strict';
import { config, covered, json, only } from './helpers';

const withHost = (hostname: unknown): string => json(config({ hostname, ca: null }));
const withPort = (port: unknown): string => json(config({ port }));

describe('server/service hostname and port rules', () => {
  it('FT210: scheme, path and port in hostname, with a fix to the bare host', () => {
    const cases: Array<[string, RegExp]> = [
      ['https://telemetry.example.com', /scheme/],
      ['telemetry.example.com/ingest', /path/],
      ['telemetry.example.com:4443', /port/],
      ['wss://telemetry.example.com:443/x', /scheme and a path and a port/],
    ];
    for (const [host, why] of cases) {
      const text = withHost(host);
      const d = only(text, 'FT210');
      assert.equal(d.length, 1, host);
      assert.match(d[0].message, why);
      assert.equal(covered(text, d[0]), JSON.stringify(host));
      assert.equal(d[0].data!.fixes![0].edits[0].newText, '"telemetry.example.com"');
    }
  });

  it('FT210: not a DNS name', () => {
    for (const host of ['', 'bad_host.example.com', '-x.example.com', 'a..b', `${'a'.repeat(64)}.example.com`, 'tele metry.example.com']) {
      assert.equal(only(withHost(host), 'FT210').length, 1, JSON.stringify(host));
    }
    for (const host of ['telemetry.example.com', 'a-b.c-d.example.co.uk', 'xn--bcher-kva.example']) {
      assert.equal(only(withHost(host), 'FT210').length, 0, host);
    }
  });

  it('FT211: IP literals and single labels are warnings', () => {
    for (const host of ['203.0.113.5', 'localhost']) {
      const d = only(withHost(host), 'FT211');
      assert.equal(d.length, 1, host);
      assert.equal(d[0].severity, 2);
    }
  });

  it('FT202: a string port is an error with a "convert to a number" fix', () => {
    const text = withPort('443');
    const d = only(text, 'FT202');
    assert.equal(d.length, 1);
    assert.equal(covered(text, d[0]), '"443"');
    assert.equal(d[0].data!.fixes![0].title, 'Convert port to a number');
    assert.equal(d[0].data!.fixes![0].edits[0].newText, '443');
    assert.equal(only(withPort('https'), 'FT202')[0].data, undefined, 'no fix for a non-numeric string');
    assert.equal(only(withPort('70000'), 'FT202')[0].data, undefined, 'no fix for an out-of-range string');
  });

  it('FT201: port must be an integer in 1..65535', () => {
    for (const bad of [0, 65536, -1, 443.5, null, true, [443]]) assert.equal(only(withPort(bad), 'FT201').length, 1, JSON.stringify(bad));
    for (const good of [1, 443, 65535]) assert.equal(only(withPort(good), 'FT201').length, 0);
  });
});
