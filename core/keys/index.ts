export {
  KeyFormatError,
  generatePrivateKey,
  importPrivateKeyPem,
  privateKeyFromScalar,
  privateScalar,
  exportPrivateKeyPem,
  exportPublicKeyPem,
  publicKeyPoint,
  importPublicKey,
  spkiPemFromPoint,
  keyFingerprint,
} from './p256';
