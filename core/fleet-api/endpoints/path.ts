import type { EndpointSpec } from './types';

export const isParam = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');
export const segmentsOf = (path: string): string[] => path.split('?')[0].split('/').filter(Boolean);

/** Path parameter names of a row, in order (`['vehicle_tag']`). */
export function pathParamNames(spec: EndpointSpec): string[] {
  return segmentsOf(spec.path)
    .filter(isParam)
    .map((s) => s.slice(1, -1));
}

/** The row's path with its parameters filled in (each encoded); throws naming a missing one. */
export function fillPath(spec: EndpointSpec, params: Readonly<Record<string, string | number>>): string {
  return spec.path.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new Error(`${spec.method} ${spec.path} needs {${name}}`);
    return encodeURIComponent(String(value));
  });
}
