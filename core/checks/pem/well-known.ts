/** The one path Tesla fetches a partner's public key from (fleet-api.md §1.7). */
export const WELL_KNOWN_PEM_PATH = '/.well-known/appspecific/com.tesla.3p.public-key.pem';

/** Where developers commonly put the file by mistake; probed to say where the server actually answers. */
export const WRONG_PATH_VARIANTS: readonly { path: string; mistake: string }[] = [
  { path: `${WELL_KNOWN_PEM_PATH}/`, mistake: 'trailing slash' },
  { path: '/.well-known/com.tesla.3p.public-key.pem', mistake: 'missing the appspecific/ folder' },
  { path: '/well-known/appspecific/com.tesla.3p.public-key.pem', mistake: 'missing the dot in .well-known' },
  { path: '/.well-known/appSpecific/com.tesla.3p.public-key.pem', mistake: 'appSpecific with a capital S' },
  { path: '/.well-known/appspecific/com.tesla.3p.public-key.PEM', mistake: 'upper-case .PEM extension' },
  { path: '/.well-known/appspecific/com.tesla.3P.public-key.pem', mistake: 'upper-case 3P' },
  { path: '/.well-known/appspecific/com.tesla.3p.public_key.pem', mistake: 'underscore instead of hyphen in public-key' },
  { path: '/.well-known/appspecific/com.tesla.3p.public-key', mistake: 'missing the .pem extension' },
  { path: '/.well-known/appspecific/com.tesla.3p.public-key.pem.txt', mistake: 'extra .txt extension' },
  { path: '/com.tesla.3p.public-key.pem', mistake: 'at the site root' },
  { path: '/public-key.pem', mistake: 'the plain key file name at the site root' },
];
