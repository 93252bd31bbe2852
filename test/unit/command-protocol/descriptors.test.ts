import assert from 'node:assert/strict';
import { loadProtoDescriptors } from '../../../core/command-protocol/proto-source';
import descriptors from '../../../core/command-protocol/generated/descriptors.json';

describe('protobuf descriptors', () => {
  it('generated/descriptors.json is up to date with proto/*.proto (run generate-descriptors.ts)', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(loadProtoDescriptors())), descriptors);
  });
});
