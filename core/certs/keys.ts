import { generateKeyPairSync } from 'node:crypto';

/** An RSA key pair as PEM: `privateKeyPem` is PKCS#8 ("PRIVATE KEY"), `publicKeyPem` is SPKI ("PUBLIC KEY"). */
export interface RsaKeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

/**
 * Generates an RSA key with Node's native crypto (milliseconds, versus seconds for forge's pure-JS prime search).
 * RSA because node-forge, which builds our certificates, can only sign with RSA keys.
 */
export function generateRsaKeyPair(bits = 2048): RsaKeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}
