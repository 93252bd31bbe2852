import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { parseBody, type HttpFile, type HttpRequestBlock } from '../../core/api-request/http-file';
import { isMethod, METHODS } from '../../core/api-request/send';
import { pathVariables, variableKind } from '../../core/api-request/variables';
import { endpointsForPath } from '../../core/fleet-api/endpoints/match';

const SOURCE = 'fleetkit';

function at(line: number, start: number, end: number, message: string, severity: DiagnosticSeverity): Diagnostic {
  return { range: { start: { line, character: start }, end: { line, character: Math.max(end, start + 1) } }, message, severity, source: SOURCE };
}

function checkRequest(r: HttpRequestBlock, variables: Readonly<Record<string, string>>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const targetEnd = r.targetColumn + r.target.length;
  if (!isMethod(r.method)) {
    out.push(at(r.line, 0, r.method.length, `unknown method ${r.method}: use ${METHODS.join(', ')}`, DiagnosticSeverity.Error));
  }
  if (/^https?:\/\//i.test(r.target)) {
    out.push(at(r.line, r.targetColumn, targetEnd, 'write the path only (/api/1/…): the host comes from the signed-in account', DiagnosticSeverity.Error));
    return out;
  }
  if (!r.target.startsWith('/')) {
    out.push(at(r.line, r.targetColumn, targetEnd, 'the path starts with /, e.g. /api/1/vehicles', DiagnosticSeverity.Error));
    return out;
  }
  for (const name of pathVariables(r.target)) {
    if (variables[name] === undefined && !variableKind(name)) {
      const start = r.targetColumn + r.target.indexOf(`{${name}}`);
      out.push(at(r.line, start, start + name.length + 2, `{${name}} is not defined: add a line @${name} = value above the request`, DiagnosticSeverity.Error));
    }
  }
  const [pathPart, queryPart] = r.target.split('?', 2);
  const matches = endpointsForPath(pathPart);
  const pathEnd = r.targetColumn + pathPart.length;
  if (!matches.length) {
    out.push(
      at(
        r.line,
        r.targetColumn,
        pathEnd,
        `${pathPart} is not in Fleetkit's endpoint table: check the path (Send still sends it as written)`,
        DiagnosticSeverity.Warning,
      ),
    );
    return out;
  }
  const match = matches.find((m) => m.endpoint.method === r.method.toUpperCase());
  if (!match) {
    const takes = matches.map((m) => m.endpoint.method).join(' or ');
    out.push(at(r.line, 0, r.method.length, `${pathPart} takes ${takes}, not ${r.method}`, DiagnosticSeverity.Error));
    return out;
  }
  const spec = match.endpoint;
  if (queryPart !== undefined) {
    const known = new Set(spec.params.filter((p) => p.in === 'query').map((p) => p.name));
    let offset = r.targetColumn + pathPart.length + 1;
    for (const pair of queryPart.split('&')) {
      const name = decodeURIComponent(pair.split('=')[0] ?? '');
      if (name && !known.has(name)) {
        out.push(
          at(
            r.line,
            offset,
            offset + pair.length,
            `${name} is not a parameter of ${spec.method} ${spec.path}${known.size ? ` (it takes ${[...known].join(', ')})` : ''}`,
            DiagnosticSeverity.Warning,
          ),
        );
      }
      offset += pair.length + 1;
    }
  }
  const body = parseBody(r);
  if (body.error !== undefined && r.bodyLine !== undefined) {
    out.push(at(r.bodyLine, 0, 200, `the body is not JSON: ${body.error}`, DiagnosticSeverity.Error));
  }
  if (r.bodyText !== undefined && spec.method === 'GET' && r.bodyLine !== undefined) {
    out.push(at(r.bodyLine, 0, 200, 'a GET request sends no body: remove it, or put the values in the query', DiagnosticSeverity.Warning));
  }
  if (spec.method !== 'GET' && body.error === undefined) {
    const given = body.value && typeof body.value === 'object' ? Object.keys(body.value as object) : [];
    const missing = spec.params.filter((p) => p.in === 'body' && p.required && !given.includes(p.name)).map((p) => p.name);
    if (missing.length) {
      out.push(at(r.line, r.targetColumn, targetEnd, `${spec.name} needs ${missing.join(', ')} in its JSON body`, DiagnosticSeverity.Warning));
    }
  }
  return out;
}

/** Problems of a request file: its syntax, then each request against the endpoint table. */
export function workbenchDiagnostics(file: HttpFile): Diagnostic[] {
  return [
    ...file.problems.map((p) => at(p.line, p.start, p.end, p.message, p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning)),
    ...file.requests.flatMap((r) => checkRequest(r, file.variables)),
  ];
}
