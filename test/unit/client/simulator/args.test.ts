import assert from 'node:assert/strict';
import { simulatorArgs } from '../../../../client/simulator/args';

describe('client/simulator arguments', () => {
  it('builds the sim command line from settings', () => {
    assert.deepEqual(simulatorArgs('/x/dist/cli.js', { autoConsent: true, port: 0, tokenTtlSeconds: 0, readyFile: '' }), [
      '/x/dist/cli.js',
      'sim',
      '--auto-consent',
    ]);
    assert.deepEqual(simulatorArgs('/c', { autoConsent: false, port: 8440, tokenTtlSeconds: 120, readyFile: '' }), [
      '/c',
      'sim',
      '--port',
      '8440',
      '--token-ttl',
      '120',
    ]);
    assert.deepEqual(simulatorArgs('/c', { autoConsent: false, port: -1, tokenTtlSeconds: 1.5, readyFile: '' }), ['/c', 'sim']);
  });
});
