/** Keys of the config object, with the documentation shown on hover and completion. */
export const CONFIG_KEYS: Readonly<Record<string, { readonly type: string; readonly required: boolean; readonly doc: string }>> = {
  hostname: { type: 'string', required: true, doc: 'Host name of your Fleet Telemetry server (FQDN). No scheme, port or path.' },
  port: { type: 'integer', required: true, doc: 'TCP port of your server, usually 443. Must be a JSON number: a string port silently breaks streaming.' },
  ca: { type: 'string', required: true, doc: 'PEM certificate chain of your server certificate (leaf first, then intermediates), with `\\n` newlines.' },
  fields: {
    type: 'object',
    required: true,
    doc: 'Signals to stream: `{"FieldName": {"interval_seconds": N, "minimum_delta": D?, "resend_interval_seconds": R?}}`.',
  },
  alert_types: { type: 'string[]', required: false, doc: 'Alert audiences to stream: `service` (recommended), `customer`, `service-fix`.' },
  exp: { type: 'integer', required: false, doc: 'Expiry of this config in epoch **seconds**. Without it the config is valid indefinitely.' },
  nbf: {
    type: 'integer',
    required: false,
    doc: 'JWT "not before": the config is not valid before this time, in epoch **seconds**. Optional; the signed config may carry it.',
  },
  iat: { type: 'integer', required: false, doc: 'JWT "issued at": when this config was made, in epoch **seconds**. Optional; the signed config may carry it.' },
  prefer_typed: { type: 'boolean', required: false, doc: 'Send typed values and prefixed enum names (firmware 2024.38+). Recommended: `true`.' },
  delivery_policy: { type: 'string', required: false, doc: 'Delivery policy; `"latest"` is the only known value. Pairs well with `resend_interval_seconds`.' },
};

export const REQUEST_KEYS: Readonly<Record<string, { readonly type: string; readonly doc: string }>> = {
  vins: { type: 'string[]', doc: 'VINs to configure (17 characters each).' },
  config: { type: 'object', doc: 'The telemetry configuration sent to every listed vehicle.' },
};

export const FIELD_RULE_KEYS: Readonly<Record<string, { readonly type: string; readonly required: boolean; readonly doc: string }>> = {
  interval_seconds: { type: 'integer', required: true, doc: 'Minimum seconds between emissions of this field. Fields are sent on change, at most this often.' },
  minimum_delta: {
    type: 'number',
    required: false,
    doc: 'Send only when the value changed by at least this much. Numeric fields only; firmware 2024.44.32+. For Location: meters.',
  },
  resend_interval_seconds: { type: 'integer', required: false, doc: 'Re-send the current value after this many seconds even if it did not change.' },
};

export const ALERT_TYPES = ['service', 'customer', 'service-fix'] as const;

/** Firmware needed by config options (proto comments and issues in the reference). */
export const OPTION_FIRMWARE: Readonly<Record<string, string>> = {
  prefer_typed: '2024.38',
  minimum_delta: '2024.44.32',
};
