import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { HttpFile } from '../../core/api-request/http-file';
import { endpointsForPath } from '../../core/fleet-api/endpoints/match';
import type { WorkbenchAccount } from './account';
import { endpointMarkdown } from './endpoint-docs';

/** Hover on a request line: the endpoint's summary, scopes, cost, effect on the car and doc link; on `{vin}` the vehicle it names. */
export function workbenchHover(file: HttpFile, position: Position, account: WorkbenchAccount): Hover | null {
  const r = file.requests.find((x) => x.line === position.line);
  if (!r) return null;
  const end = r.targetColumn + r.target.length;
  if (position.character > end) return null;
  const pathPart = r.target.split('?')[0];
  const matches = endpointsForPath(pathPart);
  const spec = (matches.find((m) => m.endpoint.method === r.method.toUpperCase()) ?? matches[0])?.endpoint;
  if (!spec) return null;
  let value = endpointMarkdown(spec);
  const vin = file.variables.vin;
  if (vin && /\{(vin|vehicle_tag)\}/.test(r.target)) {
    const car = account.vehicles.find((v) => v.id === vin);
    value += `\n\n\`{vin}\` = ${vin}${car ? ` (${car.name})` : ''}`;
  }
  return { contents: { kind: MarkupKind.Markdown, value }, range: { start: { line: r.line, character: 0 }, end: { line: r.line, character: end } } };
}
