/**
 * Local certificate authority helpers (RSA/SHA-256 via node-forge, keys from Node's crypto):
 * a CA, server and client leaves, self-signed / expired / not-yet-valid fixtures, and a CA persisted on disk.
 */
export { generateRsaKeyPair, type RsaKeyPairPem } from './keys';
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
