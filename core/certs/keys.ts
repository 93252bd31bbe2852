import { generateKeyPairSync } from 'node:crypto';

/** A key pair as PEM: `privateKeyPem` is PKCS#8 ("PRIVATE KEY"), `publicKeyPem` is SPKI ("PUBLIC KEY"). */
export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** Generates an EC P-256 (prime256v1) key with Node's native crypto: what our certificates carry and sign with. */
export function generateEcKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}
