import { strict as assert } from 'node:assert';
import { parsePemTarget } from '../../../core/checks/pem/target';
import { parseResolveEntries } from '../../../core/checks/pem/resolve-map';
import { analyseTarget } from '../../../core/checks/pem/analyse-path';

const CANON = '/.well-known/appspecific/com.tesla.3p.public-key.pem';

describe('checks: PEM target and resolve map', () => {
  it('turns a bare domain into the URL Tesla fetches', () => {
    const t = parsePemTarget('fleet.example.com');
    assert.equal(t.url, `https://fleet.example.com${CANON}`);
    assert.equal(analyseTarget(t).status, 'pass');
  });

  it('accepts the full canonical URL without warnings', () => {
    assert.equal(analyseTarget(parsePemTarget(`https://fleet.example.com${CANON}`)).status, 'pass');
  });

  it('warns about scheme, port, path and upper case the user typed', () => {
    const t = parsePemTarget(`http://Fleet.Example.com:8080/.well-known/AppSpecific/x.pem`);
    assert.equal(t.host, 'fleet.example.com');
    assert.equal(t.givenScheme, 'http');
    assert.equal(t.givenPort, 8080);
    assert.equal(t.givenPath, '/.well-known/AppSpecific/x.pem');
    assert.equal(t.hostHadUpperCase, true);
    const c = analyseTarget(t);
    assert.equal(c.status, 'warn');
    assert.match(c.detail, /https, not http.*443, not 8080.*not \/\.well-known\/AppSpecific\/x\.pem.*lower case/);
  });

  it('rejects input without a usable host', () => {
    assert.throws(() => parsePemTarget(''), /domain/);
    assert.throws(() => parsePemTarget('exa mple.com'), /neither a domain nor a URL/);
    assert.throws(() => parsePemTarget('-bad-.com'), /not a valid domain/);
  });

  it('parses resolve entries and rejects bad ones', () => {
    assert.deepEqual(parseResolveEntries(['Fleet.Example.test=127.0.0.1:8443', 'v6.test=[::1]:9']), {
      'fleet.example.test': { address: '127.0.0.1', port: 8443 },
      'v6.test': { address: '::1', port: 9 },
    });
    assert.throws(() => parseResolveEntries(['fleet.example.test:127.0.0.1:8443']), /host=address:port/);
    assert.throws(() => parseResolveEntries(['a=notanip:1']), /bad resolve entry/);
    assert.throws(() => parseResolveEntries(['a=127.0.0.1:70000']), /bad resolve entry/);
  });
});
