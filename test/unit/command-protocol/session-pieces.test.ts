import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplayWindow } from '../../../core/command-protocol/replay-window';
import { FileSessionStore } from '../../../core/command-protocol/session-store';
import { checkBaseUrl } from '../../../core/command-protocol/transport/base-url';
import { describeFault, RETRIABLE_FAULTS } from '../../../core/command-protocol/faults';
import { readAppReply } from '../../../core/command-protocol/app-reply';
import { VcsecFromVcsecMessageType } from '../../../core/command-protocol/schema';

describe('command protocol building blocks', () => {
  it('replay window accepts each counter once, in any order within 32', () => {
    const w = new ReplayWindow();
    assert.equal(w.accept(5), true);
    assert.equal(w.accept(5), false);
    assert.equal(w.accept(3), true);
    assert.equal(w.accept(40), true);
    assert.equal(w.accept(3), false, 'too old now');
    assert.equal(w.accept(39), true);
    assert.equal(w.accept(39), false);
    assert.equal(w.accept(9), true, '31 behind is still inside the window');
    // teslamotors/vehicle-command internal/authentication/window.go: only `age > windowSize` (32) is too old.
    assert.equal(w.accept(8), true, '32 behind is still inside the window');
    assert.equal(w.accept(7), false, '33 behind is outside');
  });

  it('file session store: 0600, survives reopen, ignores corrupt files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-sess-'));
    try {
      const file = join(dir, 'sessions.json');
      const store = new FileSessionStore(file);
      await store.save({ vin: 'V1', domain: 3, sessionInfo: 'AAAA', receivedAt: 5 });
      await store.save({ vin: 'V1', domain: 2, sessionInfo: 'BBBB', receivedAt: 6 });
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const reopened = new FileSessionStore(file);
      assert.deepEqual(await reopened.load('V1', 3), { vin: 'V1', domain: 3, sessionInfo: 'AAAA', receivedAt: 5 });
      await reopened.delete('V1', 3);
      assert.equal(await reopened.load('V1', 3), undefined);
      assert.ok(readFileSync(file, 'utf8').includes('BBBB'));
      writeFileSync(file, '{not json');
      assert.equal(await new FileSessionStore(file).load('V1', 2), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('http:// base URLs only on loopback', () => {
    assert.equal(checkBaseUrl('http://127.0.0.1:4443').port, '4443');
    assert.equal(checkBaseUrl('http://localhost:1').hostname, 'localhost');
    assert.equal(checkBaseUrl('https://fleet-api.prd.na.vn.cloud.tesla.com').protocol, 'https:');
    assert.throws(() => checkBaseUrl('http://fleet-api.prd.na.vn.cloud.tesla.com'), /only accepted for loopback/);
    assert.throws(() => checkBaseUrl('ftp://x'), /unsupported URL scheme/);
    assert.throws(() => checkBaseUrl('nope'), /not a URL/);
  });

  it('fault descriptions and the retry set', () => {
    assert.match(describeFault(15), /epoch mismatch \(fault 15 IncorrectEpoch\)/);
    assert.ok(RETRIABLE_FAULTS.has(5) && RETRIABLE_FAULTS.has(17) && !RETRIABLE_FAULTS.has(3) && !RETRIABLE_FAULTS.has(12));
  });

  it('application replies: VCSEC nominal errors and WAIT, infotainment errors, undecodable bytes', () => {
    assert.deepEqual(readAppReply(2, new Uint8Array(0)), { ok: true, reason: '', busy: false });
    assert.deepEqual(readAppReply(2, VcsecFromVcsecMessageType.encode({ nominalError: { genericError: 2 } }).finish()), {
      ok: false,
      reason: 'closures_open',
      busy: false,
    });
    assert.equal(readAppReply(2, VcsecFromVcsecMessageType.encode({ commandStatus: { operationStatus: 1 } }).finish()).busy, true);
    assert.deepEqual(readAppReply(3, Buffer.from('0a0908011205 0a03 6e6f70'.replace(/ /g, ''), 'hex')), { ok: false, reason: 'nop', busy: false });
    assert.equal(readAppReply(3, Uint8Array.of(0xff, 0xff, 0xff)).ok, false);
  });
});
