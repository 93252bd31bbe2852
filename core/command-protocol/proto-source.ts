/** Parses our .proto sources (build/test time only: it reads files, so it never goes into a bundle). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';

export const PROTO_FILES = ['signatures.proto', 'universal_message.proto', 'car_server.proto', 'keys.proto', 'vcsec.proto'] as const;

export function loadProtoDescriptors(): protobuf.INamespace {
  const root = new protobuf.Root();
  for (const file of PROTO_FILES) {
    protobuf.parse(readFileSync(join(__dirname, 'proto', file), 'utf8'), root, { keepCase: true });
  }
  root.resolveAll();
  return root.toJSON();
}
