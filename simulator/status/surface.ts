import type { Surface } from '../surface';

/** GET /status on the fleet hosts: Tesla's unauthenticated health check, answering `ok`. */
export const statusSurface: Surface = {
  name: 'status',
  register(api) {
    api.router.add({ method: 'GET', path: '/status', handler: () => ({ text: 'ok' }) });
  },
};
