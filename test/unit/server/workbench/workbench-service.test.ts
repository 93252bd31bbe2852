import { strict as assert } from 'node:assert';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver';
import { parseHttpFile } from '../../../../core/api-request/http-file';
import { createWorkbenchService } from '../../../../server/workbench/service';

const VIN = '5YJ3E1EA8KF000001';
const account = { vehicles: [{ id: VIN, name: 'Commuter' }], sites: [{ id: '42', name: 'Home' }] };

const FILE = `@vin = ${VIN}

### live data
GET /api/1/vehicles/{vin}/vehicle_data?endpoints=charge_state
Accept-Language: en

###
POST /api/1/vehicles/{vin}/command/set_charge_limit

{ "percent": 80 }
`;

/** The cursor at the end of `line` of `text` (0-based). */
const end = (text: string, line: number) => ({ line, character: text.split('\n')[line].length });
const labels = (items: CompletionItem[]) => items.map((i) => i.label);

describe('request workbench language service (*.tesla.http)', () => {
  const service = createWorkbenchService();
  service.setAccount(account);

  it('parses requests: names, request lines, headers, bodies, @variables', () => {
    const file = parseHttpFile(FILE);
    assert.deepEqual(file.variables, { vin: VIN });
    assert.equal(file.requests.length, 2);
    const [a, b] = file.requests;
    assert.deepEqual(
      [a.name, a.method, a.target, a.line, a.targetColumn],
      ['live data', 'GET', '/api/1/vehicles/{vin}/vehicle_data?endpoints=charge_state', 3, 4],
    );
    assert.deepEqual(a.headers, [{ name: 'Accept-Language', value: 'en', line: 4 }]);
    assert.deepEqual([b.method, b.bodyText, b.bodyLine], ['POST', '{ "percent": 80 }', 9]);
    assert.deepEqual(file.problems, []);
  });

  it('a correct file has no diagnostics', () => {
    assert.deepEqual(service.validate(FILE), []);
  });

  it('diagnoses unknown paths, the wrong method, unknown query parameters, bad JSON, a full URL, missing body fields', () => {
    const text = [
      'GET /api/1/vehicles/{vin}/not_a_thing',
      '###',
      'GET /api/1/vehicles/{vin}/wake_up',
      '###',
      'GET /api/1/vehicles/{vin}/vehicle_data?endpoint=charge_state',
      '###',
      'POST /api/1/vehicles/{vin}/command/set_charge_limit',
      '',
      '{ "percent": ',
      '###',
      'GET https://fleet-api.prd.na.vn.cloud.tesla.com/api/1/vehicles',
      '###',
      'POST /api/1/energy_sites/{site}/backup',
      '',
      '{}',
      '###',
      'GET /api/1/vehicles/{car}',
      '###',
      'FETCH /api/1/vehicles',
    ].join('\n');
    const d = service.validate(text).map((x) => [x.range.start.line, x.severity, x.message]);
    const at = (line: number) => d.filter((x) => x[0] === line).map((x) => `${x[1]}:${x[2]}`);
    assert.match(at(0).join(), /^2:.*not in Fleetkit's endpoint table/);
    assert.match(at(2).join(), /^1:.*takes POST, not GET/);
    assert.match(at(4).join(), /^2:endpoint is not a parameter of GET \/api\/1\/vehicles\/\{vehicle_tag\}\/vehicle_data \(it takes endpoints\)/);
    assert.match(at(8).join(), /^1:the body is not JSON/);
    assert.match(at(10).join(), /^1:write the path only/);
    assert.match(at(12).join(), /^2:backup needs backup_reserve_percent in its JSON body/);
    assert.match(at(16).join(), /^1:\{car\} is not defined: add a line @car = value/);
    assert.match(at(18).join(), /^1:unknown method FETCH/);
  });

  it('completes methods, then paths of the table for that method with their docs', () => {
    const methods = service.complete('G', { line: 0, character: 1 });
    assert.deepEqual(labels(methods), ['GET', 'POST', 'PUT', 'DELETE']);
    const text = 'POST /api/1/energy_sites/';
    const paths = service.complete(text, end(text, 0));
    assert.ok(labels(paths).includes('/api/1/energy_sites/{site}/backup'));
    assert.ok(!labels(paths).includes('/api/1/energy_sites/{site}/live_status'), 'a GET path is not offered after POST');
    assert.ok(labels(paths).includes('42'), 'the account’s energy site ids where the site id goes');
    const backup = paths.find((p) => p.label === '/api/1/energy_sites/{site}/backup')!;
    assert.match((backup.documentation as MarkupContent).value, /energy_cmds/);
    assert.deepEqual(backup.textEdit && 'range' in backup.textEdit ? backup.textEdit.range : undefined, {
      start: { line: 0, character: 5 },
      end: { line: 0, character: text.length },
    });
  });

  it('completes the account’s VINs in a vehicle path, in @vin, and {vin}/{site} variables', () => {
    const text = 'GET /api/1/vehicles/5YJ';
    const items = service.complete(text, end(text, 0));
    const vin = items.find((i) => i.label === VIN)!;
    assert.equal(vin.detail, 'Commuter');
    assert.deepEqual(vin.textEdit && 'range' in vin.textEdit ? vin.textEdit.range.start : undefined, { line: 0, character: 20 });
    assert.deepEqual(labels(service.complete('@vin = ', { line: 0, character: 7 })), [VIN]);
    const variable = 'GET /api/1/vehicles/{';
    assert.deepEqual(labels(service.complete(variable, end(variable, 0))), ['{vin}', '{site}']);
  });

  it('completes query parameters, then their values (vehicle_data endpoints, ;-separated)', () => {
    const q = 'GET /api/1/vehicles/{vin}/vehicle_data?';
    assert.deepEqual(labels(service.complete(q, end(q, 0))), ['endpoints']);
    const v = 'GET /api/1/vehicles/{vin}/vehicle_data?endpoints=charge_state;';
    const values = labels(service.complete(v, end(v, 0)));
    assert.ok(values.includes('location_data'));
    assert.ok(!values.includes('charge_state'), 'already chosen');
  });

  it('hovers a request line with the endpoint’s summary, scopes, cost, wake and doc link', () => {
    const hover = service.hover('POST /api/1/vehicles/{vin}/wake_up', { line: 0, character: 8 });
    const md = (hover?.contents as MarkupContent).value;
    assert.match(md, /\*\*POST \/api\/1\/vehicles\/\{vin\}\/wake_up\*\*/);
    assert.match(md, /Cost: wakes, \$0\.02 per call/);
    assert.match(md, /\*\*wakes the car\*\*/);
    assert.match(md, /`vehicle_device_data`/);
    assert.match(md, /\(https:\/\/developer\.tesla\.com\/docs\/fleet-api\/endpoints\/vehicle-endpoints#wake-up\)/);
    const onVin = service.hover(FILE, { line: 3, character: 10 });
    assert.match((onVin?.contents as MarkupContent).value, new RegExp(`\\{vin\\}\` = ${VIN} \\(Commuter\\)`));
    assert.equal(service.hover(FILE, { line: 4, character: 3 }), null, 'not on a header');
  });
});
