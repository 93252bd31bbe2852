/**
 * The `logger` dispatcher: one "record_payload" log line per record with its VIN, metadata and data, as
 * fleet-telemetry's simple logger (/work/tesla/fleet-telemetry/datastore/simple/logger.go and transformers/): V as a
 * map of field name → value (under its type name with `verbose`), alerts and errors as lists, connectivity as a map;
 * times in Unix seconds as its transformers give them. Fleetkit's own alert records (`fleetkit_alerts`) have the
 * Alert's JSON as data. Lines go to the bridge log (stderr).
 */
import { ALERT_RECORD_TYPE } from '../../core/alerts/record';
import type { Logger } from '../../core/log/logger';
import { TYPES } from '../../core/telemetry-wire/payload/schema';
import type { DispatchRecord } from './dispatch-record';
import { goJson, integer, type GoValue } from './go-json';
import { datumValue, rfc3339 } from './mqtt-messages';
import { FIELD_ENUM } from '../../core/telemetry-wire/payload/schema';
import { emptyStats, type Dispatcher, type LoggerDispatcherConfig } from './types';

type Msg = Record<string, unknown>;
type Timestamp = { seconds: number | { toNumber(): number } };

const VALUE_MEMBERS = TYPES.Value.oneofsArray[0].fieldsArray;
const AUDIENCE = TYPES.VehicleAlerts.lookupEnum('Audience');
const CONNECTIVITY_EVENT = TYPES.VehicleConnectivity.lookupEnum('ConnectivityEvent');

function unix(ts: Timestamp): GoValue {
  return integer(typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber());
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The `data` of fleet-telemetry's record_payload line. */
export function loggerData(txtype: string, m: Msg, verbose: boolean): GoValue {
  switch (txtype) {
    case 'V': {
      const out: Record<string, GoValue> = { Vin: m.vin as string, CreatedAt: rfc3339(m.created_at as Timestamp | null), IsResend: Boolean(m.is_resend) };
      for (const d of m.data as Msg[]) {
        const value = d.value as Msg | null;
        const member = value && VALUE_MEMBERS.find((f) => Object.prototype.hasOwnProperty.call(value, f.name));
        if (!member) continue; // "unknown_payload_value_data_type"
        const name = FIELD_ENUM.valuesById[d.key as number] ?? String(d.key);
        const v = member.name === 'invalid' ? (verbose ? true : '<invalid>') : datumValue(value);
        out[name] = verbose ? { [member.name === 'invalid' ? 'invalid' : camel(member.name)]: v } : v;
      }
      return out;
    }
    case 'alerts':
      return (m.alerts as Msg[]).map((a) => {
        const out: Record<string, GoValue> = { Name: a.name as string };
        if (a.started_at) out.StartedAt = unix(a.started_at as Timestamp);
        if (a.ended_at) out.EndedAt = unix(a.ended_at as Timestamp);
        const aud = a.audiences as number[];
        out.Audiences = aud.length ? aud.map((n) => AUDIENCE.valuesById[n] ?? String(n)) : null;
        return out;
      });
    case 'errors':
      return (m.errors as Msg[]).map((e) => {
        const tags = e.tags as Record<string, string>;
        const out: Record<string, GoValue> = { Name: e.name as string, Body: e.body as string, Tags: Object.keys(tags).length ? { ...tags } : null };
        if (e.created_at) out.CreatedAt = unix(e.created_at as Timestamp);
        return out;
      });
    default:
      return {
        Vin: m.vin as string,
        ConnectionID: m.connection_id as string,
        NetworkInterface: m.network_interface as string,
        Status: CONNECTIVITY_EVENT.valuesById[m.status as number] ?? String(m.status),
        CreatedAt: m.created_at ? unix(m.created_at as Timestamp) : integer(0),
      };
  }
}

export class LoggerDispatcher implements Dispatcher {
  readonly name = 'logger' as const;
  readonly stats = emptyStats();

  constructor(
    private readonly config: LoggerDispatcherConfig,
    private readonly logger: Logger,
  ) {}

  start(): Promise<void> {
    this.stats.connected = true;
    return Promise.resolve();
  }

  publish(rec: DispatchRecord): Promise<void> {
    const r = rec.record;
    const metadata = {
      vin: r.vin,
      receivedat: String(r.received_at),
      txid: r.txid,
      txtype: r.txtype,
      device_client_version: r.device_client_version,
    };
    const data = r.txtype === ALERT_RECORD_TYPE ? JSON.stringify(rec.message()) : goJson(loggerData(r.txtype, rec.message(), this.config.verbose));
    const line = `record_payload vin=${r.vin} metadata=${goJson(metadata)} data=${data}`;
    this.logger.info(line);
    this.stats.messages++;
    this.stats.bytes += line.length;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.stats.connected = false;
    return Promise.resolve();
  }
}
