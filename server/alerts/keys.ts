/** What each key of a rules file means, for hover and completion (docs/alerts.md has the whole reference). */
export const RULE_KEY_DOCS: Readonly<Record<string, string>> = {
  name: 'Unique in the file; alerts carry it.',
  description: 'Free text for people; ignored.',
  field: 'The telemetry field the rule watches (every kind but connectivity).',
  severity: '`info`, `warning` (the default) or `critical`.',
  cooldownSeconds: 'At most one alert per rule and vehicle in this many seconds of record time.',
  vins: 'The rule applies only to these vehicles.',
  when: 'Evaluate the rule only while this condition (or every condition of a list) holds: `{ "field", "in": [ … ] }` or numeric `above`/`below`/`atLeast`/`atMost`.',
  below: 'Threshold: fires once when the value goes under this; re-arms over `clearAbove`.',
  clearAbove: 'Threshold: re-arms once the value is over this; must be greater than `below`.',
  above: 'Threshold: fires once when the value goes over this; re-arms under `clearBelow`.',
  clearBelow: 'Threshold: re-arms once the value is under this; must be less than `above`.',
  dropBy: 'Delta: fires when the value is this much under its highest value of the last `withinSeconds`.',
  riseBy: 'Delta: fires when the value is this much over its lowest value of the last `withinSeconds`.',
  withinSeconds: 'Delta: the window, in seconds.',
  becomes: 'State change: fires when the value changes to this (not on the first value, not again while it stays).',
  staleSeconds: 'Staleness: fires once when the vehicle has sent no value of the field for longer than this.',
  disconnectedSeconds: 'Connectivity: fires once per disconnection longer than this many seconds.',
};

export const CONDITION_KEY_DOCS: Readonly<Record<string, string>> = {
  field: 'The field whose latest value the condition looks at.',
  in: 'Holds while the latest value is one of these (enum member names, or true/false).',
  above: 'Holds while the latest value is greater than this.',
  below: 'Holds while the latest value is less than this.',
  atLeast: 'Holds while the latest value is this or more.',
  atMost: 'Holds while the latest value is this or less.',
};
