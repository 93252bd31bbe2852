import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BridgeStats } from '../../../core/messages/live-feed';
import { createBridgeMetrics, METRIC_PREFIX, registerClusterMetrics } from '../../../telemetry-bridge/metrics/bridge-metrics';

const DASHBOARD = join(__dirname, '..', '..', '..', 'docs', 'grafana', 'bridge-dashboard.json');

interface Panel {
  title: string;
  targets?: Array<{ expr: string }>;
}

function registeredNames(): Set<string> {
  const zero = new Proxy({}, { get: (_t, k) => (k === 'records_by_topic' ? {} : 0) }) as BridgeStats;
  const { registry } = createBridgeMetrics({ stats: () => zero, bytesByTopic: () => ({}), spoolBacklog: () => 0 });
  registerClusterMetrics(registry, { workers: () => 1, restarts: () => 0 });
  const names = new Set<string>();
  for (const m of registry.getMetricsAsArray()) {
    const { name, type } = m as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
  }
  registry.clear();
  return names;
}

describe('docs/grafana/bridge-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
  const registered = registeredNames();

  it('has panels with queries', () => {
    assert.ok(exprs.length >= 10, `only ${exprs.length} queries`);
  });

  it('every query names only metrics the bridge registers', () => {
    for (const { panel, expr } of exprs) {
      const used = expr.match(/\bfleetkit_bridge_[a-z0-9_]+/g) ?? [];
      assert.ok(used.length > 0, `panel "${panel}": ${expr} names no bridge metric`);
      for (const name of used) assert.ok(registered.has(name), `panel "${panel}" uses ${name}, which the bridge does not register`);
    }
  });

  it("shows every metric of the bridge's own (not prom-client's process defaults)", () => {
    const used = new Set(exprs.flatMap(({ expr }) => expr.match(/\bfleetkit_bridge_[a-z0-9_]+/g) ?? []).map((n) => n.replace(/_(bucket|sum|count)$/, '')));
    const own = [...registered].filter((n) => !/_(bucket|sum|count)$/.test(n) && !/^fleetkit_bridge_(nodejs|process)_/.test(n));
    assert.ok(own.length >= 15, `only ${own.length} own metrics`);
    for (const n of own) assert.ok(used.has(n), `${n} is not on the dashboard`);
    for (const n of own) assert.ok(n.startsWith(METRIC_PREFIX));
  });
});
