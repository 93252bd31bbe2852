import { createPrivateKey, createPublicKey, randomBytes, sign as nodeSign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { generateRsaKeyPair } from './keys';
import { resolveValidity, type ValidityOptions } from './validity';

/** A certificate and its private key, both PEM. A CA is the same shape (its cert has `cA: true`). */
export interface CertAndKey {
  certPem: string;
  keyPem: string;
}

export type CertificateAuthority = CertAndKey;

export interface CaOptions extends ValidityOptions {
  commonName: string;
  organization?: string;
  /** RSA modulus length; default 2048. */
  keyBits?: number;
}

export interface ServerCertOptions extends ValidityOptions {
  /** DNS names and/or IP literals; each lands in subjectAltName (DNS or IP entry). At least one is required. */
  hostnames: string[];
  /** Subject CN; default the first hostname. */
  commonName?: string;
  /** Reuse an existing RSA private key (PEM) instead of generating one. */
  keyPem?: string;
  keyBits?: number;
}

export interface ClientCertOptions extends ValidityOptions {
  commonName: string;
  organization?: string;
  keyPem?: string;
  keyBits?: number;
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f; // DER INTEGER must stay positive
  bytes[0] |= 0x01; // and non-zero-leading so forge keeps all 16 bytes
  return bytes.toString('hex');
}

function subjectAttrs(commonName: string, organization?: string): forge.pki.CertificateField[] {
  const attrs: forge.pki.CertificateField[] = [{ name: 'commonName', value: commonName }];
  if (organization) attrs.push({ name: 'organizationName', value: organization });
  return attrs;
}

interface LeafKey {
  privateKey: KeyObject;
  publicKey: forge.pki.rsa.PublicKey;
  keyPem: string;
}

function keyPairFor(keyPem: string | undefined, bits: number | undefined): LeafKey {
  const pem = keyPem ?? generateRsaKeyPair(bits).privateKeyPem;
  try {
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'rsa') throw new Error(`${privateKey.asymmetricKeyType} keys cannot be embedded by node-forge`);
    const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    return { privateKey, publicKey: forge.pki.publicKeyFromPem(spki), keyPem: pem };
  } catch (err) {
    throw new Error(`unsupported private key (only unencrypted RSA PEM keys can be used): ${(err as Error).message}`);
  }
}

function parseCa(ca: CertificateAuthority): { cert: forge.pki.Certificate; key: KeyObject } {
  let cert: forge.pki.Certificate;
  let key: KeyObject;
  try {
    cert = forge.pki.certificateFromPem(ca.certPem);
    key = createPrivateKey(ca.keyPem);
  } catch (err) {
    throw new Error(`cannot read the CA (RSA certificate and key PEM expected): ${(err as Error).message}`);
  }
  const bc = cert.getExtension('basicConstraints') as { cA?: boolean } | null;
  if (!bc?.cA) throw new Error('the given certificate is not a CA (basicConstraints cA is not set)');
  return { cert, key };
}

function newCert(publicKey: forge.pki.rsa.PublicKey, options: ValidityOptions): forge.pki.Certificate {
  const { notBefore, notAfter } = resolveValidity(options);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  return cert;
}

/** Signs with Node's native RSA (forge builds the TBSCertificate; its pure-JS RSA would take ~10x longer). */
function sign(cert: forge.pki.Certificate, key: KeyObject): string {
  const oid = forge.pki.oids.sha256WithRSAEncryption;
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  // getTBSCertificate exists at runtime (forge's own sign uses it) but is missing from @types/node-forge.
  const tbs = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  (cert as unknown as { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbs;
  const der = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.signature = nodeSign('sha256', der, key).toString('binary');
  return forge.pki.certificateToPem(cert);
}

/** Creates a self-signed root CA (RSA, SHA-256) that can sign server and client certificates. */
export function createCa(options: CaOptions): CertificateAuthority {
  const { privateKey, publicKey, keyPem } = keyPairFor(undefined, options.keyBits);
  const cert = newCert(publicKey, options);
  const subject = subjectAttrs(options.commonName, options.organization);
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  return { certPem: sign(cert, privateKey), keyPem };
}

function sanEntries(hostnames: string[]): Array<{ type: number; value?: string; ip?: string }> {
  if (!hostnames.length) throw new Error('a server certificate needs at least one hostname or IP');
  return hostnames.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h }));
}

/**
 * Issues a TLS server certificate for `hostnames` (DNS names and IPs) signed by `ca`.
 * Pass `ca = null` for a self-signed leaf (a fixture for "untrusted certificate" paths).
 */
export function issueServerCert(ca: CertificateAuthority | null, options: ServerCertOptions): CertAndKey {
  const san = sanEntries(options.hostnames);
  const { privateKey, publicKey, keyPem } = keyPairFor(options.keyPem, options.keyBits);
  const cert = newCert(publicKey, options);
  cert.setSubject(subjectAttrs(options.commonName ?? options.hostnames[0]));
  const exts: unknown[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: san },
    { name: 'subjectKeyIdentifier' },
  ];
  if (ca) {
    const issuer = parseCa(ca);
    cert.setIssuer(issuer.cert.subject.attributes);
    exts.push({ name: 'authorityKeyIdentifier', keyIdentifier: issuer.cert.generateSubjectKeyIdentifier().getBytes() });
    cert.setExtensions(exts);
    return { certPem: sign(cert, issuer.key), keyPem };
  }
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions(exts);
  return { certPem: sign(cert, privateKey), keyPem };
}

/** Issues a TLS client certificate (extKeyUsage clientAuth) for mTLS, signed by `ca` (or self-signed with `null`). */
export function issueClientCert(ca: CertificateAuthority | null, options: ClientCertOptions): CertAndKey {
  const { privateKey, publicKey, keyPem } = keyPairFor(options.keyPem, options.keyBits);
  const cert = newCert(publicKey, options);
  cert.setSubject(subjectAttrs(options.commonName, options.organization));
  const exts: unknown[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (ca) {
    const issuer = parseCa(ca);
    cert.setIssuer(issuer.cert.subject.attributes);
    exts.push({ name: 'authorityKeyIdentifier', keyIdentifier: issuer.cert.generateSubjectKeyIdentifier().getBytes() });
    cert.setExtensions(exts);
    return { certPem: sign(cert, issuer.key), keyPem };
  }
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions(exts);
  return { certPem: sign(cert, privateKey), keyPem };
}

/**
 * Issues an intermediate CA signed by `parent` (basicConstraints cA, pathLen 0). Servers that send only their leaf
 * and not this intermediate present an incomplete chain: a fixture for "chain complete" checks.
 */
export function issueIntermediateCa(parent: CertificateAuthority, options: CaOptions): CertificateAuthority {
  const issuer = parseCa(parent);
  const { publicKey, keyPem } = keyPairFor(undefined, options.keyBits);
  const cert = newCert(publicKey, options);
  cert.setSubject(subjectAttrs(options.commonName, options.organization));
  cert.setIssuer(issuer.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: issuer.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  return { certPem: sign(cert, issuer.key), keyPem };
}
