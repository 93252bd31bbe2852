import { SimHttpError, badRequest, notFound } from '../http/errors';
import type { Surface } from '../surface';
import { domainProblem, originProblem } from './domain';
import { downloadPublicKey, type KeyDownloadOptions } from './key-download';
import type { PartnerRegistry } from './registry';

export interface PartnerSurfaceOptions {
  /** How the simulator reaches partner domains (resolve map, extra CA, limits). */
  download?: KeyDownloadOptions;
  /** Shared registry (tests inspect it); default: the simulator's own (`api.partners`, read by the 412 gate). */
  registry?: PartnerRegistry;
}

/**
 * POST /api/1/partner_accounts and GET /api/1/partner_accounts/public_key (partner tokens).
 * Registering really downloads the domain's public key, per region; hosting problems answer 424 the way Tesla does.
 */
export function createPartnerSurface(options: PartnerSurfaceOptions = {}): Surface {
  return {
    name: 'partner',
    register(api) {
      const registry = options.registry ?? api.partners;
      api.partners = registry;
      api.router.add({
        method: 'POST',
        path: '/api/1/partner_accounts',
        auth: { tokens: 'partner' },
        handler: async (ctx) => {
          const body = await ctx.json();
          const domain = body.domain;
          const bad = domainProblem(domain);
          if (bad) throw badRequest('invalid_domain', bad);
          const d = domain as string;
          const origin = originProblem(d, api.world.app.allowedOrigins);
          if (origin) throw badRequest('invalid_domain', origin);
          const region = ctx.host.region!;
          const clientId = ctx.auth!.clientId;
          const got = await downloadPublicKey(d, options.download);
          if (!got.ok) {
            api.log.info(`partner register ${d} (${region}) failed: ${got.error}`);
            throw new SimHttpError(424, 'Failed Dependency', `Public key download failed for ${got.url}, error: ${got.error}`);
          }
          const hex = got.point.toString('hex');
          if (registry.keyTakenByOther(region, clientId, hex)) throw new SimHttpError(422, 'invalid_public_key', 'Public key hash has already been taken');
          const reg = registry.upsert(region, clientId, d, hex, new Date(api.world.clock.now()));
          api.log.info(`partner ${clientId} registered ${d} in ${region}`);
          return {
            json: {
              response: {
                client_id: reg.clientId,
                name: api.world.app.name,
                description: '',
                domain: reg.domain,
                ca: null,
                created_at: reg.createdAt,
                updated_at: reg.updatedAt,
                enterprise_tier: 'discovery',
                issuer: null,
                csr: null,
                csr_updated_at: null,
                public_key: reg.publicKeyHex,
              },
            },
          };
        },
      });
      api.router.add({
        method: 'GET',
        path: '/api/1/partner_accounts/public_key',
        auth: { tokens: 'partner' },
        handler: (ctx) => {
          const domain = ctx.query.get('domain');
          if (!domain) throw badRequest('invalid_request', 'domain query parameter is required');
          const reg = registry.byDomain(ctx.host.region!, domain.toLowerCase());
          if (!reg) throw notFound(`no partner account with domain ${domain} in this region`);
          return { json: { response: { public_key: reg.publicKeyHex } } };
        },
      });
    },
  };
}

/** The default instance in SURFACES: reaches only domains in its resolve map (none by default). */
export const partnerSurface: Surface = createPartnerSurface();
