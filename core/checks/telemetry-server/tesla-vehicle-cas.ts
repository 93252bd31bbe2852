/**
 * The subject names of Tesla's production vehicle CAs: what Tesla's fleet-telemetry server lists as acceptable
 * client-certificate CAs. fleet-telemetry builds its client-CA pool from the embedded `config/files/prod_ca.crt`
 * (14 certificates; `config/config.go` ExtractServiceTLSConfig, ClientAuth RequireAndVerifyClientCert), and Go's TLS
 * server sends every pool subject in its CertificateRequest. A vehicle picks its client certificate from those names.
 *
 * In the bundle's order; test/unit/checks/telemetry-server-names.test.ts pins them against the bundle file. The eng
 * bundle's subjects (`eng_ca.crt`, 8 certificates, used with `use_default_eng_ca`) are all among these.
 */
export interface TeslaCaSubject {
  /** As OpenSSL prints it (encoded order). */
  readonly name: string;
  /** The DER Name, base64. */
  readonly der: string;
  /** Also in the eng bundle (`eng_ca.crt`). */
  readonly eng: boolean;
}

export const TESLA_PROD_VEHICLE_CA_SUBJECTS: readonly TeslaCaSubject[] = [
  {
    name: 'CN=Tesla Issuing CA, O=Tesla Motors, L=Palo Alto, ST=California, C=US',
    der: 'MGgxGTAXBgNVBAMMEFRlc2xhIElzc3VpbmcgQ0ExFTATBgNVBAoMDFRlc2xhIE1vdG9yczESMBAGA1UEBwwJUGFsbyBBbHRvMRMwEQYDVQQIDApDYWxpZm9ybmlhMQswCQYDVQQGEwJVUw==',
    eng: false,
  },
  {
    name: 'CN=Tesla Motors GF Austin Product Issuing CA, OU=Motors, OU=PKI, O=Tesla Inc., C=US',
    der: 'MHUxMjAwBgNVBAMMKVRlc2xhIE1vdG9ycyBHRiBBdXN0aW4gUHJvZHVjdCBJc3N1aW5nIENBMQ8wDQYDVQQLDAZNb3RvcnMxDDAKBgNVBAsMA1BLSTETMBEGA1UECgwKVGVzbGEgSW5jLjELMAkGA1UEBhMCVVM=',
    eng: false,
  },
  {
    name: 'CN=Tesla Motors GF Berlin Product Issuing CA, OU=Motors, OU=PKI, O=Tesla Inc., C=US',
    der: 'MHUxMjAwBgNVBAMMKVRlc2xhIE1vdG9ycyBHRiBCZXJsaW4gUHJvZHVjdCBJc3N1aW5nIENBMQ8wDQYDVQQLDAZNb3RvcnMxDDAKBgNVBAsMA1BLSTETMBEGA1UECgwKVGVzbGEgSW5jLjELMAkGA1UEBhMCVVM=',
    eng: false,
  },
  {
    name: 'CN=Tesla Motors GF0 Product Issuing CA, OU=Motors, OU=PKI, O=Tesla Inc., C=US',
    der: 'MG8xLDAqBgNVBAMMI1Rlc2xhIE1vdG9ycyBHRjAgUHJvZHVjdCBJc3N1aW5nIENBMQ8wDQYDVQQLDAZNb3RvcnMxDDAKBgNVBAsMA1BLSTETMBEGA1UECgwKVGVzbGEgSW5jLjELMAkGA1UEBhMCVVM=',
    eng: false,
  },
  {
    name: 'CN=Tesla Motors GF3 Product Issuing CA, OU=Motors, OU=PKI, O=Tesla Inc., C=US',
    der: 'MG8xLDAqBgNVBAMMI1Rlc2xhIE1vdG9ycyBHRjMgUHJvZHVjdCBJc3N1aW5nIENBMQ8wDQYDVQQLDAZNb3RvcnMxDDAKBgNVBAsMA1BLSTETMBEGA1UECgwKVGVzbGEgSW5jLjELMAkGA1UEBhMCVVM=',
    eng: true,
  },
  {
    name: 'CN=Tesla Motors GF3 Product RSA Issuing CA, OU=Motors, OU=PKI, O=Tesla Inc., C=US',
    der: 'MHMxMDAuBgNVBAMMJ1Rlc2xhIE1vdG9ycyBHRjMgUHJvZHVjdCBSU0EgSXNzdWluZyBDQTEPMA0GA1UECwwGTW90b3JzMQwwCgYDVQQLDANQS0kxEzARBgNVBAoMClRlc2xhIEluYy4xCzAJBgNVBAYTAlVT',
    eng: true,
  },
  {
    name: 'CN=Tesla Motors Product Issuing CA, OU=Motors, OU=PKI, O=Tesla Inc., C=US',
    der: 'MGsxKDAmBgNVBAMMH1Rlc2xhIE1vdG9ycyBQcm9kdWN0IElzc3VpbmcgQ0ExDzANBgNVBAsMBk1vdG9yczEMMAoGA1UECwwDUEtJMRMwEQYDVQQKDApUZXNsYSBJbmMuMQswCQYDVQQGEwJVUw==',
    eng: true,
  },
  {
    name: 'CN=Tesla Motors Product RSA Issuing CA, OU=Motors, OU=PKI, O=Tesla Inc., C=US',
    der: 'MG8xLDAqBgNVBAMMI1Rlc2xhIE1vdG9ycyBQcm9kdWN0IFJTQSBJc3N1aW5nIENBMQ8wDQYDVQQLDAZNb3RvcnMxDDAKBgNVBAsMA1BLSTETMBEGA1UECgwKVGVzbGEgSW5jLjELMAkGA1UEBhMCVVM=',
    eng: true,
  },
  { name: 'CN=Tesla Motors Products CA', der: 'MCMxITAfBgNVBAMMGFRlc2xhIE1vdG9ycyBQcm9kdWN0cyBDQQ==', eng: true },
  { name: 'CN=Tesla Motors Root CA', der: 'MB8xHTAbBgNVBAMMFFRlc2xhIE1vdG9ycyBSb290IENB', eng: true },
  {
    name: 'CN=Tesla Policy CA, O=Tesla Motors, L=Palo Alto, ST=California, C=US',
    der: 'MGcxGDAWBgNVBAMMD1Rlc2xhIFBvbGljeSBDQTEVMBMGA1UECgwMVGVzbGEgTW90b3JzMRIwEAYDVQQHDAlQYWxvIEFsdG8xEzARBgNVBAgMCkNhbGlmb3JuaWExCzAJBgNVBAYTAlVT',
    eng: false,
  },
  {
    name: 'CN=Tesla Product RSA Root CA, OU=PKI, O=Tesla, C=US',
    der: 'ME8xIjAgBgNVBAMMGVRlc2xhIFByb2R1Y3QgUlNBIFJvb3QgQ0ExDDAKBgNVBAsMA1BLSTEOMAwGA1UECgwFVGVzbGExCzAJBgNVBAYTAlVT',
    eng: true,
  },
  {
    name: 'CN=Tesla Product Root CA, OU=PKI, O=Tesla, C=US',
    der: 'MEsxHjAcBgNVBAMMFVRlc2xhIFByb2R1Y3QgUm9vdCBDQTEMMAoGA1UECwwDUEtJMQ4wDAYDVQQKDAVUZXNsYTELMAkGA1UEBhMCVVM=',
    eng: true,
  },
  {
    name: 'CN=Tesla Root CA, O=Tesla Motors, L=Palo Alto, ST=California, C=US',
    der: 'MGUxFjAUBgNVBAMMDVRlc2xhIFJvb3QgQ0ExFTATBgNVBAoMDFRlc2xhIE1vdG9yczESMBAGA1UEBwwJUGFsbyBBbHRvMRMwEQYDVQQIDApDYWxpZm9ybmlhMQswCQYDVQQGEwJVUw==',
    eng: false,
  },
];
