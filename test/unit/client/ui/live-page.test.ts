import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { EXPIRY_WARNING_MS, expiryCountdown } from '../../../../client/ui/countdown';
import { contentSecurityPolicy, livePageHtml, readLivePageMessage } from '../../../../client/ui/webview-html';
import { declaredCsp, INLINE_HANDLER } from './html-checks';

describe('client/ui countdown', () => {
  it('counts down in whole seconds, warns under 5 minutes and says expired after', () => {
    assert.deepEqual(expiryCountdown(4 * 60_000 + 12_000), { text: 'expires in 4 min 12 s', level: 'warning' });
    assert.deepEqual(expiryCountdown(7 * 3_600_000 + 59 * 60_000 + 12_000), { text: 'expires in 7 h 59 min 12 s', level: 'ok' });
    assert.equal(expiryCountdown(EXPIRY_WARNING_MS).level, 'ok', 'exactly 5 minutes left is not yet a warning');
    assert.equal(expiryCountdown(EXPIRY_WARNING_MS - 1).level, 'warning');
    assert.deepEqual(expiryCountdown(42_000), { text: 'expires in 42 s', level: 'warning' });
    assert.equal(expiryCountdown(400).text, 'expires in 1 s', 'time left rounds up: never "in 0 s" before it expired');
    assert.deepEqual(expiryCountdown(0), { text: 'expired', level: 'expired' });
    assert.deepEqual(expiryCountdown(-125_400), { text: 'expired 2 min 5 s ago', level: 'expired' });
    assert.deepEqual(expiryCountdown(Number.NaN), { text: 'expiry unknown', level: 'warning' });
  });

  it('changes its text every second (what the page shows ticking)', () => {
    const texts = new Set<string>();
    for (let ms = 300_000; ms > 290_000; ms -= 1000) texts.add(expiryCountdown(ms).text);
    assert.equal(texts.size, 10);
  });
});

describe('client/ui live page document', () => {
  const nonce = randomBytes(18).toString('base64');
  const page = (body: string) =>
    livePageHtml({
      title: 'T <x>',
      nonce,
      cspSource: 'https://*.vscode-cdn.net',
      scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/live-page.js',
      body,
      now: 1_700_000_000_000,
    });

  it('declares a strict CSP with the nonce: scripts and styles only by nonce, nothing else, no inline handlers', () => {
    const html = page('<p>hi</p>');
    const csp = declaredCsp(html);
    assert.equal(csp, contentSecurityPolicy(nonce, 'https://*.vscode-cdn.net'));
    assert.match(csp!, /^default-src 'none'; /);
    assert.ok(csp!.includes(`script-src 'nonce-${nonce}'`));
    assert.ok(!/unsafe-inline|unsafe-eval|https?:\/\/(?!\*\.vscode-cdn)/.test(csp!), csp);
    assert.ok(!/connect-src|frame-src/.test(csp!), 'the page fetches nothing');
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="${nonce}" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/live-page.js">`]);
    assert.match(html, new RegExp(`<style nonce="${nonce.replace(/[+/]/g, '\\$&')}">`));
    assert.doesNotMatch(html, INLINE_HANDLER);
    assert.match(html, /<title>T &lt;x&gt;<\/title>/);
    assert.match(html, /<main id="content" data-now="1700000000000"><p>hi<\/p><\/main>/);
    assert.match(html, /var\(--vscode-foreground\)/, 'theme colours');
    assert.doesNotMatch(html.replace(/var\(--vscode-[^)]*\)/g, ''), /#[0-9a-f]{3,6}\b|rgb\(/i, 'no hard-coded colours');
  });

  it('refuses a nonce that is not long random base64', () => {
    assert.throws(() => livePageHtml({ title: 't', nonce: 'abc', cspSource: 'x', scriptUri: 'y', body: '', now: 0 }), /nonce/);
    assert.throws(() => livePageHtml({ title: 't', nonce: `${nonce}" onload="x`, cspSource: 'x', scriptUri: 'y', body: '', now: 0 }), /nonce/);
  });

  it('accepts only the messages the page sends', () => {
    assert.deepEqual(readLivePageMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(readLivePageMessage({ type: 'action', action: 'copyToken' }), { type: 'action', action: 'copyToken' });
    assert.equal(readLivePageMessage({ type: 'action', action: 'fleetkit.signOut' }), undefined);
    assert.equal(readLivePageMessage({ type: 'action', action: 42 }), undefined);
    assert.equal(readLivePageMessage('ready'), undefined);
    assert.equal(readLivePageMessage(null), undefined);
  });
});
