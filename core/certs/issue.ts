import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  ExtendedKeyUsage,
  GeneralName,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  id_kp_serverAuth,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  type Extension,
  type Name,
} from '@peculiar/asn1-x509';
import { generateEcKeyPair } from './keys';
import { resolveValidity, type ValidityOptions } from './validity';
import { distinguishedName, extension, keyIdentifier, readIssuer, signCertificate, signerFor } from './x509';

/** A certificate and its private key, both PEM. A CA is the same shape (its cert has `cA: true`). */
export interface CertAndKey {
  certPem: string;
  keyPem: string;
}

export type CertificateAuthority = CertAndKey;

export interface CaOptions extends ValidityOptions {
  commonName: string;
  organization?: string;
  /** Reuse an existing private key (PEM: EC P-256/P-384 or RSA) instead of generating an EC P-256 one. */
  keyPem?: string;
}

export interface ServerCertOptions extends ValidityOptions {
  /** DNS names and/or IP literals; each lands in subjectAltName (DNS or IP entry). At least one is required. */
  hostnames: string[];
  /** Subject CN; default the first hostname. */
  commonName?: string;
  /** Reuse an existing private key (PEM: EC P-256/P-384 or RSA) instead of generating an EC P-256 one. */
  keyPem?: string;
}

export interface ClientCertOptions extends ValidityOptions {
  commonName: string;
  organization?: string;
  keyPem?: string;
}

interface SubjectKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyPem: string;
}

function subjectKey(keyPem: string | undefined): SubjectKey {
  const pem = keyPem ?? generateEcKeyPair().privateKeyPem;
  try {
    const privateKey = createPrivateKey(pem);
    signerFor(privateKey); // the key signs itself when self-signed, and may sign others as a CA
    return { privateKey, publicKey: createPublicKey(privateKey), keyPem: pem };
  } catch (err) {
    throw new Error(`unsupported private key (an unencrypted EC P-256/P-384 or RSA PEM key is expected): ${(err as Error).message}`);
  }
}

interface Issuer {
  name: Name;
  keyIdentifier: Buffer;
  key: KeyObject;
}

function readCa(ca: CertificateAuthority): Issuer {
  let info: ReturnType<typeof readIssuer>;
  let key: KeyObject;
  try {
    info = readIssuer(ca.certPem);
    key = createPrivateKey(ca.keyPem);
  } catch (err) {
    throw new Error(`cannot read the CA (certificate and private key PEM expected): ${(err as Error).message}`);
  }
  if (!info.isCa) throw new Error('the given certificate is not a CA (basicConstraints cA is not set)');
  if (!new X509Certificate(ca.certPem).checkPrivateKey(key)) throw new Error('the CA private key does not belong to the CA certificate');
  return { name: info.name, keyIdentifier: info.keyIdentifier, key };
}

const ski = (publicKey: KeyObject): Extension => extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(publicKey)));
const aki = (issuer: Issuer): Extension =>
  extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuer.keyIdentifier) }));
const caKeyUsage = (): Extension =>
  extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature));
/** TLS leaves sign handshakes; keyEncipherment (RSA key transport) only means something for an RSA key. */
const leafKeyUsage = (publicKey: KeyObject): Extension =>
  extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature | (publicKey.asymmetricKeyType === 'rsa' ? KeyUsageFlags.keyEncipherment : 0)));

/** Creates a self-signed root CA (EC P-256, ECDSA SHA-256) that can sign server and client certificates. */
export function createCa(options: CaOptions): CertificateAuthority {
  const { privateKey, publicKey, keyPem } = subjectKey(options.keyPem);
  const name = distinguishedName(options.commonName, options.organization);
  const certPem = signCertificate(
    {
      subject: name,
      issuer: name,
      publicKey,
      validity: resolveValidity(options),
      extensions: [extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true })), caKeyUsage(), ski(publicKey)],
    },
    privateKey,
  );
  return { certPem, keyPem };
}

function sanEntries(hostnames: string[]): GeneralName[] {
  if (!hostnames.length) throw new Error('a server certificate needs at least one hostname or IP');
  return hostnames.map((h) => (isIP(h) ? new GeneralName({ iPAddress: h }) : new GeneralName({ dNSName: h })));
}

/** Signs a leaf with `ca`, or self-signed with its own key when `ca` is null. */
function issueLeaf(ca: CertificateAuthority | null, subject: Name, key: SubjectKey, options: ValidityOptions, extensions: Extension[]): CertAndKey {
  const validity = resolveValidity(options);
  const exts = [extension(id_ce_basicConstraints, false, new BasicConstraints({ cA: false })), leafKeyUsage(key.publicKey), ...extensions, ski(key.publicKey)];
  if (!ca) {
    return { certPem: signCertificate({ subject, issuer: subject, publicKey: key.publicKey, validity, extensions: exts }, key.privateKey), keyPem: key.keyPem };
  }
  const issuer = readCa(ca);
  const certPem = signCertificate({ subject, issuer: issuer.name, publicKey: key.publicKey, validity, extensions: [...exts, aki(issuer)] }, issuer.key);
  return { certPem, keyPem: key.keyPem };
}

/**
 * Issues a TLS server certificate for `hostnames` (DNS names and IPs) signed by `ca`.
 * Pass `ca = null` for a self-signed leaf (a fixture for "untrusted certificate" paths).
 */
export function issueServerCert(ca: CertificateAuthority | null, options: ServerCertOptions): CertAndKey {
  const san = sanEntries(options.hostnames);
  return issueLeaf(ca, distinguishedName(options.commonName ?? options.hostnames[0]), subjectKey(options.keyPem), options, [
    extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([id_kp_serverAuth])),
    extension(id_ce_subjectAltName, false, new SubjectAlternativeName(san)),
  ]);
}

/** Issues a TLS client certificate (extKeyUsage clientAuth) for mTLS, signed by `ca` (or self-signed with `null`). */
export function issueClientCert(ca: CertificateAuthority | null, options: ClientCertOptions): CertAndKey {
  return issueLeaf(ca, distinguishedName(options.commonName, options.organization), subjectKey(options.keyPem), options, [
    extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([id_kp_clientAuth])),
  ]);
}

/**
 * Issues an intermediate CA signed by `parent` (basicConstraints cA, pathLen 0). Servers that send only their leaf
 * and not this intermediate present an incomplete chain: a fixture for "chain complete" checks.
 */
export function issueIntermediateCa(parent: CertificateAuthority, options: CaOptions): CertificateAuthority {
  const issuer = readCa(parent);
  const { publicKey, keyPem } = subjectKey(options.keyPem);
  const certPem = signCertificate(
    {
      subject: distinguishedName(options.commonName, options.organization),
      issuer: issuer.name,
      publicKey,
      validity: resolveValidity(options),
      extensions: [
        extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true, pathLenConstraint: 0 })),
        caKeyUsage(),
        ski(publicKey),
        aki(issuer),
      ],
    },
    issuer.key,
  );
  return { certPem, keyPem };
}
