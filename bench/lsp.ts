/**
 * `npm run bench lsp` (or `node --import tsx bench/lsp.ts [--runs 200]`): the Fleet Telemetry config language service.
 * Diagnostics for a config naming every configurable field (with a real certificate chain), completion of a field
 * name, and — in the same run, on the same document — vscode-json-languageservice's plain validation against our
 * generated JSON schema. The ratio ours/schema is the figure: what our semantic rules cost on top of a schema check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { getLanguageService, type JSONSchema } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createCa, issueIntermediateCa, issueServerCert } from '../core/certs/index';
import { CONFIGURABLE_FIELDS, isNumericField } from '../core/telemetry-catalog/index';
import { createTelemetryConfigService } from '../server/service/language-service';
import { runWhenMain, type BenchResult } from './result';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(runs: number, fn: (i: number) => unknown | Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < Math.min(20, runs); i++) await fn(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

export function everyFieldConfig(): string {
  const root = createCa({ commonName: 'Bench Root' });
  const intermediate = issueIntermediateCa(root, { commonName: 'Bench Intermediate' });
  const leaf = issueServerCert(intermediate, { hostnames: ['telemetry.example.com'] });
  const fields = Object.fromEntries(
    CONFIGURABLE_FIELDS.map((f) => [f.name, isNumericField(f) ? { interval_seconds: 60, minimum_delta: 1 } : { interval_seconds: 60 }]),
  );
  const config = {
    hostname: 'telemetry.example.com',
    port: 443,
    ca: leaf.certPem + intermediate.certPem,
    fields,
    alert_types: ['service'],
    exp: Math.floor(Date.now() / 1000) + 30 * 86_400,
    prefer_typed: true,
    delivery_policy: 'latest',
  };
  return JSON.stringify({ vins: ['5YJ3E1EA8KF000001', '5YJ3E1EAXKF000002'], config }, null, 2);
}

export async function run(args: string[] = []): Promise<BenchResult> {
  const { values } = parseArgs({ args, options: { runs: { type: 'string', default: '200' } }, allowPositionals: true, strict: false });
  const runs = Math.max(10, Number(values.runs) || 200);
  const text = everyFieldConfig();
  const uri = 'file:///bench/every-field.telemetry.json';
  const docAt = (version: number): TextDocument => TextDocument.create(uri, 'fleet-telemetry-config', version, text);

  const service = createTelemetryConfigService();
  let version = 1;
  const ours = await time(runs, () => service.validate(docAt(version++)));
  const diagnosticCount = service.validate(docAt(version++)).length;

  // Completion of a new field name in the same document, with the first 20 fields left out (so 21 are offered).
  const firstTwenty = CONFIGURABLE_FIELDS.slice(0, 20).map((f) => f.name);
  const completionText = text
    .replace(/\n {6}"(\w+)": \{[^}]*\},?/g, (line, name: string) => (firstTwenty.includes(name) && name !== firstTwenty[0] ? '' : line))
    .replace(`"${firstTwenty[0]}"`, '""');
  const completionDoc = TextDocument.create(uri, 'fleet-telemetry-config', 0, completionText);
  const position = completionDoc.positionAt(completionText.indexOf('""') + 1);
  const completion = await time(runs, () => service.complete(TextDocument.create(uri, 'fleet-telemetry-config', version++, completionText), position));
  const items = service.complete(completionDoc, position).items.length;
  const codes = [...new Set(service.validate(docAt(version++)).map((d) => d.code))].join(', ');

  const schema = JSON.parse(readFileSync(join(__dirname, '../schemas/fleet-telemetry-config.schema.json'), 'utf8')) as JSONSchema;
  const plain = getLanguageService({});
  const baseline = await time(runs, async () => {
    const document = docAt(version++);
    return plain.doValidation(document, plain.parseJSONDocument(document), { comments: 'warning' }, schema);
  });
  const baselineCount = (await plain.doValidation(docAt(version), plain.parseJSONDocument(docAt(version)), { comments: 'warning' }, schema)).length;

  return {
    title: `lsp: Fleet Telemetry config with all ${CONFIGURABLE_FIELDS.length} fields (${(text.length / 1024).toFixed(0)} KiB), ${runs} runs`,
    figures: [
      { name: 'diagnostics p50', value: ours.p50, unit: 'ms' },
      { name: 'diagnostics p95', value: ours.p95, unit: 'ms' },
      { name: 'completion p50', value: completion.p50, unit: 'ms' },
      { name: 'completion p95', value: completion.p95, unit: 'ms' },
      { name: 'schema-only validation p50', value: baseline.p50, unit: 'ms' },
      { name: 'schema-only validation p95', value: baseline.p95, unit: 'ms' },
    ],
    ratios: [
      { name: 'diagnostics / schema-only (p50)', value: ours.p50 / baseline.p50, unit: 'x' },
      { name: 'diagnostics / schema-only (p95)', value: ours.p95 / baseline.p95, unit: 'x' },
    ],
    notes: [
      `ours: ${diagnosticCount} diagnostics (${codes}; parse + every rule; the ca chain is parsed once per distinct text, as in editing); schema-only: ${baselineCount}`,
      `completion of a new field name offers ${items} items (the fields not yet in the document, with docs)`,
    ],
  };
}

runWhenMain(module, run);
