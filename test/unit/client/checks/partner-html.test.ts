import { strict as assert } from 'node:assert';
import { renderPartnerPage } from '../../../../client/checks/partner-html';

describe('checks: partner registration page (pure HTML)', () => {
  const html = renderPartnerPage({
    domain: 'fleet.example.test',
    rows: [
      { region: 'na', baseUrl: 'https://na', state: 'registered', publicKeyHex: `04${'ab'.repeat(64)}`, matchesLocal: true },
      {
        region: 'eu',
        baseUrl: 'https://eu',
        state: 'failed',
        error: { status: 424, message: 'Public key download failed for https://x, error: <script>alert(1)</script>', txid: 'tx1', fix: 'Run the check.' },
      },
    ],
    separate: ['cn'],
    pairingLink: 'https://tesla.com/_ak/fleet.example.test',
    qrSvg: '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>',
    cspSource: 'vscode-resource:',
  });

  it('has one row per region, CN marked separately', () => {
    assert.deepEqual(
      [...html.matchAll(/data-region="(\w+)" data-state="([\w-]+)"/g)].map((m) => `${m[1]}=${m[2]}`),
      ['na=registered', 'eu=failed', 'cn=separate'],
    );
    assert.match(html, /✔ yes/);
    assert.match(html, /424: Public key download failed/);
    assert.match(html, /txid tx1/);
  });

  it('escapes what the server said, allows no script, and inlines the QR without its XML prolog', () => {
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /default-src 'none'/);
    assert.doesNotMatch(html, /script-src/);
    assert.doesNotMatch(html, /<\?xml/);
    assert.match(html, /<div class="qr" role="img" aria-label="QR code for https:\/\/tesla\.com\/_ak\/fleet\.example\.test"><svg/);
    assert.match(html, /<a id="pairing-link" href="https:\/\/tesla\.com\/_ak\/fleet\.example\.test">/);
  });
});
