import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CertificateFileError } from '../../../../core/certs/pem-certificates';
import { proxyTrustProblem, resolveProxyCaPath, untrustedCertificateCode } from '../../../../client/proxy/proxy-trust';
import { checkProxyUrl } from '../../../../client/proxy/proxy-url';

describe('proxy trust (pure parts)', () => {
  it('expands ~ and refuses relative paths, naming the setting', () => {
    assert.equal(resolveProxyCaPath(' ~/proxy/tls-cert.pem '), join(homedir(), 'proxy/tls-cert.pem'));
    assert.equal(resolveProxyCaPath('/etc/proxy.pem'), '/etc/proxy.pem');
    assert.throws(() => resolveProxyCaPath('proxy.pem'), /fleetkit\.commands\.proxyCaFile must be an absolute path/);
  });

  it('finds a refused certificate code on the error or down its cause chain, nothing else', () => {
    const tls = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    assert.equal(untrustedCertificateCode(tls), 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.equal(untrustedCertificateCode(new Error('fetch failed', { cause: new Error('wrapped', { cause: tls }) })), 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.equal(untrustedCertificateCode(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })), undefined);
    assert.equal(untrustedCertificateCode('DEPTH_ZERO_SELF_SIGNED_CERT'), undefined);
    assert.match(proxyTrustProblem(tls) ?? '', /not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\): set fleetkit\.commands\.proxyCaFile/);
    assert.equal(proxyTrustProblem(new CertificateFileError('x: no PEM certificate found')), 'x: no PEM certificate found');
    assert.equal(proxyTrustProblem(new Error('HTTP 500')), undefined);
  });

  it('proxy URLs: https anywhere, http on loopback only; the origin is kept', () => {
    assert.deepEqual(checkProxyUrl('https://proxy.example:4443/x'), { url: 'https://proxy.example:4443' });
    assert.deepEqual(checkProxyUrl('http://localhost:8080'), { url: 'http://localhost:8080' });
    assert.deepEqual(checkProxyUrl('http://10.0.0.2:8080'), { problem: 'must be https:// (http:// only on loopback hosts): http://10.0.0.2:8080' });
    assert.deepEqual(checkProxyUrl('  '), { problem: 'is empty' });
  });
});
