import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCa, expiredValidity, issueIntermediateCa, issueServerCert, type CertAndKey } from '../../../core/certs';
import type { ResolveMap } from '../../../core/checks/pem/fetch';
import { freePort } from '../../support/net';

/**
 * A real HTTPS server on 127.0.0.1 that plays many web sites at once (one per host name under .example.test, picked
 * by SNI and the Host header), each hosting the Tesla public key wrong in its own way. Its own CA signs the
 * certificates; tests trust that CA and map every host to this server with a resolve map.
 */

export const WELL_KNOWN = '/.well-known/appspecific/com.tesla.3p.public-key.pem';
export const DOMAIN = 'example.test';

const pem = (k: KeyObject, type: 'spki' | 'pkcs8' | 'sec1'): string =>
  type === 'spki' ? k.export({ type: 'spki', format: 'pem' }).toString() : k.export({ type, format: 'pem' }).toString();

export interface FixtureKeys {
  /** The "command key" the good sites host. */
  good: { privateKey: KeyObject; publicPem: string };
  other: string;
  rsa: string;
  p384: string;
  ed25519: string;
  ecPrivate: string;
  pkcs8Private: string;
}

export function makeKeys(): FixtureKeys {
  const good = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const leaked = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    good: { privateKey: good.privateKey, publicPem: pem(good.publicKey, 'spki') },
    other: pem(other.publicKey, 'spki'),
    rsa: pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, 'spki'),
    p384: pem(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey, 'spki'),
    ed25519: pem(generateKeyPairSync('ed25519').publicKey, 'spki'),
    ecPrivate: pem(leaked.privateKey, 'sec1'),
    pkcs8Private: pem(leaked.privateKey, 'pkcs8'),
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const send =
  (status: number, body: string | Buffer, type = 'text/plain', extra: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': type, ...extra });
    res.end(body);
  };
const at =
  (path: string, hit: Handler, miss: Handler = send(404, 'Not Found\n')): Handler =>
  (req, res) =>
    req.url === path ? hit(req, res) : miss(req, res);

const SPA_INDEX =
  '<!doctype html>\n<html><head><meta charset="utf-8"><title>My App</title><script type="module" src="/assets/index-3f2a.js"></script></head><body><div id="root"></div></body></html>\n';
const ERROR_PAGE = '<!DOCTYPE html><html><head><title>Oops</title></head><body><h1>Page not found</h1></body></html>';

export interface PemFixture {
  readonly port: number;
  readonly caPem: string;
  readonly resolve: ResolveMap;
  readonly keys: FixtureKeys;
  /** Host name of a site: host('good') → good.example.test */
  host(site: string): string;
  close(): Promise<void>;
}

export async function startPemFixture(): Promise<PemFixture> {
  const keys = makeKeys();
  const ca = createCa({ commonName: 'Fleetkit PEM Fixture CA' });
  const wildcard = [`*.${DOMAIN}`];
  const certs: Record<string, CertAndKey & { chain?: string }> = {
    good: issueServerCert(ca, { hostnames: wildcard }),
    expired: issueServerCert(ca, { hostnames: wildcard, ...expiredValidity() }),
    expiring: issueServerCert(ca, { hostnames: wildcard, notAfter: new Date(Date.now() + 5 * 86_400_000) }),
    selfsigned: issueServerCert(null, { hostnames: wildcard }),
    wrongname: issueServerCert(ca, { hostnames: ['other.example.org'] }),
  };
  const intermediate = issueIntermediateCa(ca, { commonName: 'Fleetkit PEM Fixture Intermediate' });
  certs.incomplete = issueServerCert(intermediate, { hostnames: wildcard });
  const fullLeaf = issueServerCert(intermediate, { hostnames: wildcard });
  certs.fullchain = { ...fullLeaf, certPem: fullLeaf.certPem + intermediate.certPem };

  const goodKey = keys.good.publicPem;
  const big = Buffer.alloc(10 * 1024 * 1024, 0x41);
  const stalled: ServerResponse[] = [];
  const sites: Record<string, Handler> = {
    good: at(WELL_KNOWN, send(200, goodKey)),
    fullchain: at(WELL_KNOWN, send(200, goodKey)),
    expired: at(WELL_KNOWN, send(200, goodKey)),
    expiring: at(WELL_KNOWN, send(200, goodKey)),
    selfsigned: at(WELL_KNOWN, send(200, goodKey)),
    incomplete: at(WELL_KNOWN, send(200, goodKey)),
    wrongname: at(WELL_KNOWN, send(200, goodKey)),
    otherkey: at(WELL_KNOWN, send(200, keys.other)),
    r301: send(301, 'Moved\n', 'text/plain', { location: `https://www.r301.${DOMAIN}${WELL_KNOWN}` }),
    r308: at(WELL_KNOWN, send(308, '', 'text/plain', { location: `${WELL_KNOWN}/` }), at(`${WELL_KNOWN}/`, send(200, goodKey))),
    spa: send(200, SPA_INDEX, 'text/html; charset=utf-8'),
    htmlerror: at(WELL_KNOWN, send(200, ERROR_PAGE, 'text/html')),
    json: at(WELL_KNOWN, send(200, '{"error":"not_found","status":404}', 'application/json')),
    wrongpath: at('/.well-known/com.tesla.3p.public-key.pem', send(200, goodKey)),
    wrongcase: at('/.well-known/appspecific/com.tesla.3p.public-key.PEM', send(200, goodKey)),
    slash: at(`${WELL_KNOWN}/`, send(200, goodKey)),
    rsa: at(WELL_KNOWN, send(200, keys.rsa)),
    p384: at(WELL_KNOWN, send(200, keys.p384)),
    ed25519: at(WELL_KNOWN, send(200, keys.ed25519)),
    ecprivate: at(WELL_KNOWN, send(200, keys.ecPrivate)),
    pkcs8private: at(WELL_KNOWN, send(200, keys.pkcs8Private)),
    keyandprivate: at(WELL_KNOWN, send(200, goodKey + keys.ecPrivate)),
    certificate: at(WELL_KNOWN, send(200, certs.good.certPem)),
    twokeys: at(WELL_KNOWN, send(200, goodKey + keys.other)),
    bomcrlf: at(WELL_KNOWN, send(200, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(goodKey.replace(/\n/g, '\r\n'))]))),
    garbage: at(WELL_KNOWN, send(200, `${goodKey}<!-- served by MyCMS -->\n`)),
    htmltype: at(WELL_KNOWN, send(200, goodKey, 'text/html')),
    notfound: send(404, ERROR_PAGE, 'text/html'),
    basicauth: (req, res) =>
      req.headers.authorization
        ? send(200, goodKey)(req, res)
        : send(401, 'Unauthorized\n', 'text/plain', { 'www-authenticate': 'Basic realm="staging"' })(req, res),
    forbidden: (req, res) => (req.headers.cookie?.includes('session=') ? send(200, goodKey)(req, res) : send(403, 'Forbidden\n')(req, res)),
    big: at(WELL_KNOWN, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(big.length) });
      res.on('error', () => undefined);
      res.end(big);
    }),
    stall: (_req, res) => {
      stalled.push(res);
    },
  };

  const contexts = new Map<string, tls.SecureContext>();
  const contextFor = (site: string): tls.SecureContext => {
    const c = certs[site] ?? certs.good;
    const key = certs[site] ? site : 'good';
    let ctx = contexts.get(key);
    if (!ctx) {
      ctx = tls.createSecureContext({ cert: c.certPem, key: c.keyPem });
      contexts.set(key, ctx);
    }
    return ctx;
  };
  const siteOf = (host: string | undefined): string =>
    (host ?? '')
      .split(':')[0]
      .toLowerCase()
      .replace(`.${DOMAIN}`, '')
      .replace(/^www\./, '');

  const server = https.createServer(
    {
      cert: certs.good.certPem,
      key: certs.good.keyPem,
      SNICallback: (servername, cb) => cb(null, contextFor(siteOf(servername))),
    },
    (req, res) => {
      const handler = sites[siteOf(req.headers.host)];
      if (handler) handler(req, res);
      else send(421, 'Misdirected Request\n')(req, res);
    },
  );
  server.on('tlsClientError', () => undefined);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;

  // A server that accepts connections and never says anything (no TLS, no HTTP).
  const silentSockets: net.Socket[] = [];
  const silent = net.createServer((s) => {
    silentSockets.push(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const silentPort = (silent.address() as net.AddressInfo).port;

  // Plain HTTP where TLS is expected.
  const plain = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  const plainPort = (plain.address() as net.AddressInfo).port;

  // A port with nothing listening.
  const closedPort = await freePort();

  const resolve: Record<string, { address: string; port: number }> = {};
  for (const site of Object.keys(sites)) {
    resolve[`${site}.${DOMAIN}`] = { address: '127.0.0.1', port };
    resolve[`www.${site}.${DOMAIN}`] = { address: '127.0.0.1', port };
  }
  resolve[`silent.${DOMAIN}`] = { address: '127.0.0.1', port: silentPort };
  resolve[`plainhttp.${DOMAIN}`] = { address: '127.0.0.1', port: plainPort };
  resolve[`refused.${DOMAIN}`] = { address: '127.0.0.1', port: closedPort };

  return {
    port,
    caPem: ca.certPem,
    resolve,
    keys,
    host: (site) => `${site}.${DOMAIN}`,
    close: async () => {
      for (const r of stalled) r.destroy();
      for (const s of silentSockets) s.destroy();
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((r) => server.close(() => r())),
        new Promise<void>((r) => silent.close(() => r())),
        new Promise<void>((r) => plain.close(() => r())),
      ]);
    },
  };
}
