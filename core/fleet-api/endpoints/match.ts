import { isParam, segmentsOf } from './path';
import { ENDPOINTS } from './table';
import type { EndpointSpec } from './types';

export interface EndpointMatch {
  endpoint: EndpointSpec;
  /** Path parameter values by Tesla's name (`vehicle_tag`), decoded. */
  params: Record<string, string>;
}

interface Compiled {
  spec: EndpointSpec;
  segments: string[];
  literals: number;
}

const COMPILED: Compiled[] = ENDPOINTS.map((spec) => {
  const segments = segmentsOf(spec.path);
  return { spec, segments, literals: segments.filter((s) => !isParam(s)).length };
});

function bind(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    let part: string;
    try {
      part = decodeURIComponent(parts[i]);
    } catch {
      return undefined;
    }
    if (isParam(pattern[i])) params[pattern[i].slice(1, -1)] = part;
    else if (pattern[i] !== part) return undefined;
  }
  return params;
}

/** Every row whose path matches (any method), the most literal first: `/vehicles/fleet_status` before `/vehicles/{vehicle_tag}`. */
export function endpointsForPath(pathWithQuery: string): EndpointMatch[] {
  const parts = segmentsOf(pathWithQuery);
  const found: Array<EndpointMatch & { literals: number }> = [];
  for (const c of COMPILED) {
    const params = bind(c.segments, parts);
    if (params) found.push({ endpoint: c.spec, params, literals: c.literals });
  }
  const best = Math.max(...found.map((f) => f.literals));
  return found.filter((f) => f.literals === best).map(({ endpoint, params }) => ({ endpoint, params }));
}

/** The row a request is for (method and path, query ignored), or undefined when Fleetkit does not know it. */
export function matchEndpoint(method: string, pathWithQuery: string): EndpointMatch | undefined {
  const m = method.toUpperCase();
  return endpointsForPath(pathWithQuery).find((f) => f.endpoint.method === m);
}
