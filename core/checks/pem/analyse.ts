import type { CheckReport } from '../types';
import type { FetchOutcome } from './fetch';
import { analyseTls } from './analyse-tls';
import { analyseStatus } from './analyse-status';
import { analyseBody } from './analyse-body';
import { analysePath, analyseTarget, type PathProbe } from './analyse-path';
import type { KeyInfo } from './key-info';
import type { PemTarget } from './target';

export interface PemAnalysisInput {
  readonly target: PemTarget;
  readonly main: FetchOutcome;
  readonly probes: readonly PathProbe[];
  readonly spaProbe?: FetchOutcome;
  readonly localKey?: KeyInfo;
  readonly maxBytes: number;
  readonly now: Date;
}

/** The whole PEM hosting report from already-fetched responses. Pure. */
export function analysePem(input: PemAnalysisInput): CheckReport {
  const { target, main } = input;
  const body = analyseBody({ outcome: main, maxBytes: input.maxBytes, spaProbe: input.spaProbe, localKey: input.localKey });
  const checks = [
    analyseTarget(target),
    ...analyseTls(main, target.host, input.now),
    analyseStatus(main),
    ...body.checks,
    analysePath(target, main, input.probes),
  ];
  const facts: Record<string, string> = { url: target.url, host: target.host };
  if (main.status !== undefined) facts.status = String(main.status);
  if (main.headers['content-type']) facts.contentType = main.headers['content-type'];
  if (body.hostedKey) {
    facts.hostedKeyType = body.hostedKey.name;
    facts.hostedSpkiSha256 = body.hostedKey.spkiSha256;
    if (body.hostedKey.pointHex) facts.hostedPublicKeyHex = body.hostedKey.pointHex;
    if (body.hostedKey.pointSha256) facts.hostedKeyFingerprint = body.hostedKey.pointSha256;
  }
  if (input.localKey) {
    facts.localKeyType = input.localKey.name;
    facts.localSpkiSha256 = input.localKey.spkiSha256;
    if (input.localKey.pointHex) facts.localPublicKeyHex = input.localKey.pointHex;
    if (input.localKey.pointSha256) facts.localKeyFingerprint = input.localKey.pointSha256;
  }
  return { kind: 'pem', target: target.url, checkedAt: input.now.toISOString(), checks, facts };
}
