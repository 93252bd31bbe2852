/**
 * X.509 v3 certificates (RFC 5280) built with @peculiar/asn1-x509 and signed by Node's native crypto, synchronously.
 * Which extensions a CA, server or client certificate carries is decided in issue.ts.
 */
import { createHash, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Extension,
  Extensions,
  id_ce_subjectKeyIdentifier,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity as AsnValidity,
  Version,
} from '@peculiar/asn1-x509';
import type { Validity } from './validity';

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';
const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const OID_ECDSA_SHA384 = '1.2.840.10045.4.3.3';
const OID_SHA256_RSA = '1.2.840.113549.1.1.11';
/** DER NULL: the parameters of sha256WithRSAEncryption (RFC 4055 §5); ECDSA algorithms have none (RFC 5758 §3.2). */
const DER_NULL = Uint8Array.of(0x05, 0x00).buffer;

/** PrintableString's alphabet (X.680 §41.4); names outside it are UTF8String. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

const arrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

function rdn(type: string, value: string): RelativeDistinguishedName {
  const encoded = PRINTABLE.test(value) ? new AttributeValue({ printableString: value }) : new AttributeValue({ utf8String: value });
  return new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: encoded })]);
}

/** A distinguished name: CN, then O when given (one attribute per RDN, in that order). */
export function distinguishedName(commonName: string, organization?: string): Name {
  const rdns = [rdn(OID_COMMON_NAME, commonName)];
  if (organization) rdns.push(rdn(OID_ORGANIZATION, organization));
  return new Name(rdns);
}

/** DER-encodes one extension; `value` is an @peculiar/asn1-x509 extension value (BasicConstraints, KeyUsage…). */
export function extension(extnID: string, critical: boolean, value: object): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function subjectPublicKeyInfo(publicKey: KeyObject): SubjectPublicKeyInfo {
  return AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  return createHash('sha1')
    .update(Buffer.from(subjectPublicKeyInfo(publicKey).subjectPublicKey))
    .digest();
}

interface Signer {
  algorithm: AlgorithmIdentifier;
  hash: string;
}

/** The signature algorithm for a CA key: ECDSA (P-256, P-384) or RSA (CAs stored before certificates were EC). */
export function signerFor(key: KeyObject): Signer {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === 'ec' && curve === 'prime256v1') return { algorithm: new AlgorithmIdentifier({ algorithm: OID_ECDSA_SHA256 }), hash: 'sha256' };
  if (key.asymmetricKeyType === 'ec' && curve === 'secp384r1') return { algorithm: new AlgorithmIdentifier({ algorithm: OID_ECDSA_SHA384 }), hash: 'sha384' };
  if (key.asymmetricKeyType === 'rsa') return { algorithm: new AlgorithmIdentifier({ algorithm: OID_SHA256_RSA, parameters: DER_NULL }), hash: 'sha256' };
  throw new Error(`${key.asymmetricKeyType}${curve ? ` ${curve}` : ''} keys cannot sign certificates here (EC P-256, EC P-384 and RSA keys can)`);
}

/** 16 random bytes, a positive DER INTEGER without a leading zero byte. */
function serialNumber(): ArrayBuffer {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return arrayBuffer(bytes);
}

export interface CertificateSpec {
  subject: Name;
  issuer: Name;
  /** The subject's public key. */
  publicKey: KeyObject;
  validity: Validity;
  extensions: Extension[];
}

function toPem(der: ArrayBuffer): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Builds the TBSCertificate, signs it with `signingKey` (the issuer's private key) and returns the certificate PEM. */
export function signCertificate(spec: CertificateSpec, signingKey: KeyObject): string {
  const signer = signerFor(signingKey);
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialNumber(),
    signature: signer.algorithm,
    issuer: spec.issuer,
    validity: new AsnValidity(spec.validity),
    subject: spec.subject,
    subjectPublicKeyInfo: subjectPublicKeyInfo(spec.publicKey),
    extensions: new Extensions(spec.extensions),
  });
  const signature = sign(signer.hash, Buffer.from(AsnConvert.serialize(tbsCertificate)), signingKey);
  return toPem(AsnConvert.serialize(new Certificate({ tbsCertificate, signatureAlgorithm: signer.algorithm, signatureValue: arrayBuffer(signature) })));
}

export interface IssuerInfo {
  /** The issuer's subject as encoded in its certificate: the issuer field of what it signs. */
  name: Name;
  /** Its subjectKeyIdentifier (computed from its key when the extension is absent): the leaf's authorityKeyIdentifier. */
  keyIdentifier: Buffer;
  isCa: boolean;
}

/** Reads what issuing under `certPem` needs. Throws when it is not a certificate. */
export function readIssuer(certPem: string): IssuerInfo {
  const x = new X509Certificate(certPem);
  const tbs = AsnConvert.parse(x.raw, Certificate).tbsCertificate;
  const ski = tbs.extensions?.find((e) => e.extnID === id_ce_subjectKeyIdentifier);
  const keyId = ski ? Buffer.from(AsnConvert.parse(ski.extnValue, SubjectKeyIdentifier).buffer) : keyIdentifier(x.publicKey);
  return { name: tbs.subject, keyIdentifier: keyId, isCa: x.ca };
}
