import type { ApiRequest } from './send';

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The request as a curl command line. The token is always `$TESLA_TOKEN` (set it in the shell); never the real one,
 * and an Authorization header of the request is left out.
 */
export function toCurl(request: ApiRequest, baseUrl: string): string {
  const lines = [`curl -X ${request.method} ${quote(baseUrl.replace(/\/+$/, '') + request.path)}`, `-H "Authorization: Bearer $TESLA_TOKEN"`];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (name.toLowerCase() === 'authorization') continue;
    lines.push(`-H ${quote(`${name}: ${value}`)}`);
  }
  if (request.body !== undefined) {
    lines.push(`-H 'Content-Type: application/json'`);
    lines.push(`--data ${quote(JSON.stringify(request.body))}`);
  }
  return lines.join(' \\\n  ');
}
