import type { Surface } from '../surface';

/**
 * GET /sim/usage: billable calls per caller by category, plus token-endpoint calls by grant (`auth`, not billed);
 * DELETE /sim/usage resets the counters.
 */
export const usageSurface: Surface = {
  name: 'usage',
  register(api) {
    const hosts = ['auth' as const, 'fleet' as const];
    api.router.add({
      hosts,
      method: 'GET',
      path: '/sim/usage',
      handler: (ctx) => {
        const accounts: Record<string, unknown> = {};
        for (const a of api.world.accounts) accounts[a.id] = { email: a.email, region: a.region, ...api.meter.get(a.id) };
        for (const key of api.meter.keys()) if (!(key in accounts)) accounts[key] = api.meter.get(key);
        const filter = ctx.query.get('account');
        if (filter !== null) {
          const a = api.world.accounts.find((x) => x.id === filter || x.email.toLowerCase() === filter.toLowerCase());
          const key = a?.id ?? filter;
          return {
            json: {
              response: { since: new Date(api.meter.since).toISOString(), account: key, ...((accounts[key] as object | undefined) ?? api.meter.get(key)) },
            },
          };
        }
        return { json: { response: { since: new Date(api.meter.since).toISOString(), totals: api.meter.totals(), accounts, auth: api.tokens.grantStats } } };
      },
    });
    api.router.add({
      hosts,
      method: 'DELETE',
      path: '/sim/usage',
      handler: () => {
        api.meter.reset();
        api.tokens.resetGrantStats();
        return { json: { response: { reset: true } } };
      },
    });
  },
};
