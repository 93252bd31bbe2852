/** Tesla wants the bare host name: lower case, no scheme, port, path or trailing dot. */
export function domainProblem(domain: unknown): string | undefined {
  if (typeof domain !== 'string' || domain.length === 0) return 'domain is required';
  if (/^[a-z]+:\/\//i.test(domain)) return `Invalid domain ${domain}: give the host name without https://`;
  if (domain !== domain.toLowerCase()) return `Invalid domain ${domain}: the domain must be lowercase`;
  if (/[/:?#\s]/.test(domain) || domain.endsWith('.')) return `Invalid domain ${domain}: give only the host name (no port, path or trailing dot)`;
  if (!/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(domain)) return `Invalid domain ${domain}`;
  return undefined;
}

/** Last two labels: app.example.com → example.com (good enough for the simulator; no public suffix list). */
export function rootDomain(host: string): string {
  return host.split('.').slice(-2).join('.');
}

/** The domain must share the root domain of one of the app's Allowed Origins (when any are configured). */
export function originProblem(domain: string, allowedOrigins: readonly string[] | undefined): string | undefined {
  if (!allowedOrigins?.length) return undefined;
  const roots = allowedOrigins.flatMap((o) => {
    try {
      return [rootDomain(new URL(o).hostname)];
    } catch {
      return [];
    }
  });
  if (roots.includes(rootDomain(domain))) return undefined;
  return `domain ${domain} must match the root domain of the application's allowed origins (${allowedOrigins.join(', ')})`;
}
