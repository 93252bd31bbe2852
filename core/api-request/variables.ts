/**
 * `{vin}` and `{site}` in a request path, as a person writes them (and Tesla's own `{vehicle_tag}`,
 * `{energy_site_id}`): each name with the names that mean the same thing.
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  vin: ['vin', 'vehicle_tag', 'tag', 'id_s'],
  site: ['site', 'energy_site_id', 'site_id'],
};

const VARIABLE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The value of `{name}`, looked up under its aliases. */
function lookup(name: string, values: Readonly<Record<string, string | undefined>>): string | undefined {
  if (values[name] !== undefined) return values[name];
  for (const names of Object.values(ALIASES)) {
    if (names.includes(name)) for (const alias of names) if (values[alias] !== undefined) return values[alias];
  }
  return undefined;
}

/** The variables a path still has: `['vin']` for `/api/1/vehicles/{vin}/vehicle_data`. */
export function pathVariables(path: string): string[] {
  return [...path.matchAll(VARIABLE)].map((m) => m[1]);
}

/** Fills `{vin}`, `{site}` (and their aliases) with URL-encoded values; names what is still missing. */
export function fillVariables(path: string, values: Readonly<Record<string, string | undefined>>): { path: string; missing: string[] } {
  const missing: string[] = [];
  const filled = path.replace(VARIABLE, (whole, name: string) => {
    const value = lookup(name, values);
    if (value === undefined || value === '') {
      missing.push(name);
      return whole;
    }
    return encodeURIComponent(value);
  });
  return { path: filled, missing };
}

/** Whether `{name}` stands for a vehicle (`vin`) or an energy site (`site`), for completion of its values. */
export function variableKind(name: string): 'vin' | 'site' | undefined {
  if (ALIASES.vin.includes(name)) return 'vin';
  if (ALIASES.site.includes(name)) return 'site';
  return undefined;
}
