import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldByName } from '../../../core/telemetry-catalog/index';
import { diagnose } from './helpers';

const ROOT = join(__dirname, '../../..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

/** Expands a snippet body the way an editor would with default placeholder values. */
function expand(body: string[]): string {
  let text = body.join('\n');
  for (let i = 0; i < 5; i++) text = text.replace(/\$\{\d+:([^{}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1');
  return text.replace(/\$\d+/g, '').replace(/\\\\/g, '\\');
}

describe('editor assets: snippets, grammar, manifest', () => {
  const snippets = readJson('snippets/fleet-telemetry-config.json') as Record<string, { prefix: string[]; body: string[] }>;

  it('every snippet names only real fields and expands to JSON', () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      const text = expand(snippet.body);
      const wrapped = text.trimStart().startsWith('{') ? text : `{${text}}`;
      const parsed = JSON.parse(wrapped) as Record<string, unknown>;
      const fields = (parsed.config as { fields?: object })?.fields ?? parsed.fields ?? parsed;
      for (const field of Object.keys(fields)) {
        if (field === 'FieldName' || field === 'hostname') continue;
        assert.ok(fieldByName(field), `${name}: unknown field ${field}`);
      }
    }
  });

  it('field-group snippets have no error diagnostics inside a config', () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      if (!name.startsWith('Telemetry fields:')) continue;
      const text = `{"hostname":"telemetry.example.com","port":443,"ca":null,"prefer_typed":true,"fields":{${expand(snippet.body)}}}`;
      const errors = diagnose(text).filter((d) => d.severity === 1);
      assert.deepEqual(
        errors.map((d) => `${d.code} ${d.message}`),
        [],
        name,
      );
    }
  });

  it('the grammar compiles and highlights field names, config keys and known values', () => {
    const grammar = readJson('syntaxes/fleet-telemetry-config.tmLanguage.json') as {
      repository: Record<string, { patterns: Array<{ match?: string; begin?: string; captures?: Record<string, { name: string }> }> }>;
    };
    const keys = grammar.repository.keys.patterns;
    const fieldPattern = keys.find((p) => p.captures?.['2']?.name.startsWith('entity.name.tag.field'))!;
    assert.ok(new RegExp(fieldPattern.match!).test('"VehicleSpeed": {'));
    assert.ok(!new RegExp(fieldPattern.match!).test('"VehicleSped": {'));
    const configPattern = keys.find((p) => p.captures?.['2']?.name.startsWith('keyword.other.config-key'))!;
    assert.ok(new RegExp(configPattern.match!).test('"prefer_typed" :'));
    for (const group of Object.values(grammar.repository)) {
      for (const p of group.patterns) {
        if (p.match) new RegExp(p.match);
        if (p.begin) new RegExp(p.begin);
      }
    }
  });

  it('package.json contributes the language, grammar, snippets and schema with existing files', () => {
    const pkg = readJson('package.json') as {
      activationEvents: string[];
      contributes: {
        languages: Array<{ id: string; configuration: string }>;
        grammars: Array<{ path: string }>;
        snippets: Array<{ path: string }>;
        jsonValidation: Array<{ url: string; fileMatch: string[] }>;
      };
    };
    const language = pkg.contributes.languages.find((l) => l.id === 'fleet-telemetry-config')!;
    assert.ok(language);
    assert.ok(pkg.activationEvents.includes('onLanguage:fleet-telemetry-config'));
    const paths = [
      language.configuration,
      ...pkg.contributes.grammars.map((g) => g.path),
      ...pkg.contributes.snippets.map((s) => s.path),
      ...pkg.contributes.jsonValidation.map((j) => j.url),
    ];
    for (const path of paths) assert.ok(existsSync(join(ROOT, path)), path);
    assert.ok(pkg.contributes.jsonValidation.some((j) => j.fileMatch.includes('*.telemetry.json')));
  });
});
