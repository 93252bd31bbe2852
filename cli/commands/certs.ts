import { resolve } from 'node:path';
import { UsageError, type CliCommand } from '../command';
import { parseOptions } from '../args';
import { initBridgeCerts, issueVehicleCert } from '../../telemetry-bridge/certs/bridge-certs';
import type { CertsInitOutput, CertsVehicleOutput } from '../../core/messages/certs-init';

const USAGE = `Usage: fleetkit certs init --hostname HOST --out DIR
       fleetkit certs vehicle --vin VIN --out DIR [--expired]

init     a server CA and a server certificate for the telemetry bridge (SANs: HOST, localhost, 127.0.0.1, ::1),
         a local vehicle CA and a bridge.json using them. Prints JSON with the paths and "ca": the exact string
         to put in the vehicle telemetry config. Existing CAs in DIR are reused. The bridge trusts Tesla's
         vehicle CAs (prod; "use_default_eng_ca": true for eng) plus the CA files in bridge.json's tls.ca_file.
vehicle  a vehicle client certificate (CN = VIN) from the vehicle CA in DIR (created if missing).
         --expired makes an already-expired one (for testing refusals).
`;

export const certsCommand: CliCommand = {
  summary: 'Certificates for the telemetry bridge and simulated vehicles (mTLS)',
  usage: USAGE,
  alwaysJson: true,
  async run(args, io) {
    const [sub, ...rest] = args;
    const { values } = parseOptions(rest, { hostname: { type: 'string' }, out: { type: 'string' }, vin: { type: 'string' }, expired: { type: 'boolean' } });
    if (!values.out) throw new UsageError('--out DIR is required');
    const out = resolve(values.out);
    if (sub === 'init') {
      if (!values.hostname) throw new UsageError('--hostname HOST is required');
      const r = await initBridgeCerts(values.hostname, out).catch((err: Error) => {
        throw new UsageError(err.message);
      });
      const printed: CertsInitOutput = {
        hostname: r.hostname,
        server_cert: r.serverCert,
        server_key: r.serverKey,
        server_ca: r.serverCa,
        vehicle_ca: r.vehicleCa,
        bridge_config: r.bridgeConfig,
        ca: r.ca,
      };
      io.stdout.write(JSON.stringify(printed) + '\n');
      io.stderr.write(
        `Wrote the bridge certificates to ${out}.\n` +
          `Start the bridge: fleetkit bridge --config ${r.bridgeConfig}\n` +
          `Put the "ca" value above into the vehicle config's "ca" field.\n` +
          `The bridge trusts vehicle certificates from Tesla's vehicle CAs (prod, shipped with Fleetkit: real cars) ` +
          `and from ${r.vehicleCa} (\`fleetkit certs vehicle\`).\n` +
          `To trust another CA, add its PEM file to "tls.ca_file" in bridge.json (a list for several); ` +
          `for Tesla's eng vehicles, set "use_default_eng_ca": true (eng replaces prod, as in fleet-telemetry).\n`,
      );
      return 0;
    }
    if (sub === 'vehicle') {
      if (!values.vin) throw new UsageError('--vin VIN is required');
      const r = await issueVehicleCert(values.vin, out, { expired: values.expired }).catch((err: Error) => {
        throw new UsageError(err.message);
      });
      const printed: CertsVehicleOutput = { vin: r.vin, cert: r.cert, key: r.key, vehicle_ca: r.vehicleCa };
      io.stdout.write(JSON.stringify(printed) + '\n');
      return 0;
    }
    throw new UsageError(`expected 'init' or 'vehicle', got ${sub === undefined ? 'nothing' : `'${sub}'`}`);
  },
};
