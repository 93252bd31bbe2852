/**
 * Local certificate authority helpers (EC P-256 / ECDSA SHA-256: @peculiar/asn1-x509 encodes, Node's crypto signs):
 * a CA, server and client leaves, self-signed / expired / not-yet-valid fixtures, and a CA persisted on disk.
 */
export { generateEcKeyPair, type KeyPairPem } from './keys';
export { expiredValidity, notYetValidValidity, resolveValidity, type Validity, type ValidityOptions } from './validity';
export {
  createCa,
  issueClientCert,
  issueIntermediateCa,
  issueServerCert,
  type CaOptions,
  type CertAndKey,
  type CertificateAuthority,
  type ClientCertOptions,
  type ServerCertOptions,
} from './issue';
export { CertificateFileError, splitPemCertificates } from './pem-certificates';
export { loadOrCreateCa, loadOrIssueServerCert, type StoredCa } from './store';
