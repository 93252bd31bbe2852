import { request, type Dispatcher } from 'undici';
import { isRegion, type Region } from './region';

export interface UserRegion {
  readonly region: Region;
  readonly fleetBaseUrl: string;
}

/**
 * `GET {base}/api/1/users/region` → `{"response":{"region":"eu","fleet_api_base_url":"https://…"}}`.
 * Answered in any region, so it confirms (or corrects) what the token's claims suggested.
 */
export async function fetchUserRegion(fleetBaseUrl: string, accessToken: string, dispatcher?: Dispatcher, timeoutMs = 15_000): Promise<UserRegion> {
  const res = await request(`${fleetBaseUrl.replace(/\/+$/, '')}/api/1/users/region`, {
    method: 'GET',
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', 'user-agent': 'fleetkit' },
    dispatcher,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`users/region answered HTTP ${res.statusCode}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error('users/region answered with a body that is not JSON');
  }
  const response = (body as { response?: unknown } | null)?.response as Record<string, unknown> | undefined;
  const region = typeof response?.region === 'string' ? response.region.toLowerCase() : undefined;
  const url = response?.fleet_api_base_url;
  if (!isRegion(region) || typeof url !== 'string') throw new Error('users/region answer lacks region / fleet_api_base_url');
  return { region, fleetBaseUrl: url.replace(/\/+$/, '') };
}
