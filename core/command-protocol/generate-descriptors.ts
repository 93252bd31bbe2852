/**
 * Build step: parses the .proto files in ./proto and writes ./generated/descriptors.json (protobufjs JSON
 * descriptors). Runtime code loads that JSON, so bundles never read .proto files.
 * Run: node --import tsx core/command-protocol/generate-descriptors.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProtoDescriptors } from './proto-source';

const out = join(__dirname, 'generated', 'descriptors.json');
writeFileSync(out, JSON.stringify(loadProtoDescriptors(), null, 1) + '\n');
process.stderr.write(`wrote ${out}\n`);
