/** From a request block of a `.tesla.http` file to what is sent: variables filled, body parsed, the endpoint found. Pure. */
import { parseBody, type HttpRequestBlock } from '../../core/api-request/http-file';
import { isMethod, type ApiRequest } from '../../core/api-request/send';
import { fillVariables, pathVariables, variableKind } from '../../core/api-request/variables';
import { matchEndpoint } from '../../core/fleet-api/endpoints/match';
import type { EndpointSpec } from '../../core/fleet-api/endpoints/types';

export type Prepared =
  | { readonly ok: true; readonly request: ApiRequest; readonly endpoint?: EndpointSpec; readonly vin?: string }
  | { readonly ok: false; readonly problem: string };

/** Which of `{vin}` / `{site}` the request still needs from the user (the file's @variables do not give it). */
export function neededChoices(block: HttpRequestBlock, variables: Readonly<Record<string, string>>): Array<'vin' | 'site'> {
  const out = new Set<'vin' | 'site'>();
  for (const name of pathVariables(block.target)) {
    const kind = variableKind(name);
    if (kind && variables[name] === undefined && variables[kind] === undefined) out.add(kind);
  }
  return [...out];
}

export function prepareRequest(block: HttpRequestBlock, values: Readonly<Record<string, string>>): Prepared {
  const method = block.method.toUpperCase();
  if (!isMethod(method)) return { ok: false, problem: `${block.method} is not a method Fleetkit sends: use GET, POST, PUT or DELETE.` };
  if (!block.target.startsWith('/')) {
    return { ok: false, problem: `Write the path only (e.g. /api/1/vehicles): the host comes from the signed-in account, not ${block.target}.` };
  }
  const { path, missing } = fillVariables(block.target, values);
  if (missing.length) return { ok: false, problem: `${missing.map((m) => `{${m}}`).join(', ')} has no value: add @${missing[0]} = … above the request.` };
  const body = parseBody(block);
  if (body.error !== undefined) return { ok: false, problem: `The body is not JSON (${body.error}): fix it, or remove it.` };
  const headers = Object.fromEntries(block.headers.filter((h) => h.name.toLowerCase() !== 'authorization').map((h) => [h.name, h.value]));
  const match = matchEndpoint(method, path);
  const vin = match?.params.vehicle_tag ?? (match?.endpoint.params.some((p) => p.name === 'vin') ? values.vin : undefined);
  return {
    ok: true,
    request: { method, path, ...(Object.keys(headers).length ? { headers } : {}), ...(body.value !== undefined ? { body: body.value } : {}) },
    ...(match ? { endpoint: match.endpoint } : {}),
    ...(vin ? { vin } : {}),
  };
}
