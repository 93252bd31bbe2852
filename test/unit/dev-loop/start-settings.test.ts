/** `npm start` (scripts/start.mjs) and the E2E host start VS Code with the same editor settings, from one file. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_SETTINGS } from '../../e2e/host/code-server';

const ROOT = join(__dirname, '../../..');

describe('npm start and the E2E host: one set of editor settings', () => {
  const shared = JSON.parse(readFileSync(join(ROOT, 'scripts/test-host/editor-settings.json'), 'utf8')) as Record<string, unknown>;

  it('scripts/start.mjs reads scripts/test-host/editor-settings.json', () => {
    assert.match(readFileSync(join(ROOT, 'scripts/start.mjs'), 'utf8'), /join\(REPO_ROOT, 'scripts', 'test-host', 'editor-settings\.json'\)/);
  });

  it('the E2E host starts with every one of them, plus test-only settings', () => {
    assert.equal(shared['telemetry.telemetryLevel'], 'off');
    assert.equal(shared['security.workspace.trust.enabled'], false);
    for (const [key, value] of Object.entries(shared)) assert.deepEqual(BASE_SETTINGS[key], value, key);
    assert.equal(BASE_SETTINGS['git.enabled'], false);
    assert.equal('git.enabled' in shared, false, 'test-only settings stay out of npm start');
  });
});
