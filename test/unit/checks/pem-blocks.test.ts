import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { scanPem } from '../../../core/checks/pem/pem-blocks';

const pub = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('checks: scanPem', () => {
  it('finds one block and decodes its DER', () => {
    const s = scanPem(pub);
    assert.equal(s.blocks.length, 1);
    assert.equal(s.blocks[0].label, 'PUBLIC KEY');
    assert.equal(s.blocks[0].der?.length, 91);
    assert.equal(s.leading, '');
    assert.equal(s.trailing, '');
    assert.equal(s.blocks[0].longLines, false);
  });

  it('reports text before, between and after blocks', () => {
    const s = scanPem(`hello\n${pub}between\n${pub}bye`);
    assert.equal(s.blocks.length, 2);
    assert.equal(s.leading, 'hello');
    assert.deepEqual(s.between, ['between']);
    assert.equal(s.trailing, 'bye');
  });

  it('tolerates CRLF and indentation', () => {
    const s = scanPem(pub.replace(/\n/g, '\r\n').replace(/^/gm, '  '));
    assert.equal(s.blocks[0].der?.length, 91);
  });

  it('marks malformed base64 as undecodable', () => {
    const broken = pub.replace(/\n([A-Za-z0-9+/]{10})/, '\n!!$1');
    assert.equal(scanPem(broken).blocks[0].der, null);
  });

  it('notices a BEGIN line without END', () => {
    const s = scanPem(pub.split('-----END')[0]);
    assert.equal(s.blocks.length, 0);
    assert.equal(s.unterminatedLabel, 'PUBLIC KEY');
  });

  it('flags a base64 body re-wrapped onto one long line', () => {
    const lines = pub.trim().split('\n');
    const one = `${lines[0]}\n${lines.slice(1, -1).join('')}\n${lines[lines.length - 1]}\n`;
    assert.equal(scanPem(one).blocks[0].longLines, true);
  });

  it('sees RFC 1421 headers of a legacy encrypted key', () => {
    const s = scanPem('-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END EC PRIVATE KEY-----\n');
    assert.equal(s.blocks[0].hasHeaders, true);
  });
});
