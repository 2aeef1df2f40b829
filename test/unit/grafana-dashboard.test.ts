// docs/grafana-dashboard.json imports as is: every panel reads the dashboard's data source variable,
// and every metric its queries name is one the app or the worker exposes.

import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AppMetrics } from '../../src/metrics/app-metrics.ts';
import { WorkerMetrics } from '../../src/metrics/worker-metrics.ts';

interface Dashboard {
  templating: { list: { name: string; type: string; query: unknown }[] };
  panels: { title: string; datasource: { uid: string }; targets: { expr: string; datasource: { uid: string } }[] }[];
}

const dashboard = JSON.parse(readFileSync('docs/grafana-dashboard.json', 'utf8')) as Dashboard;

async function exposedNames(): Promise<Set<string>> {
  const app = new AppMetrics({ countQueued: async () => 0, logger: pino({ level: 'silent' }) });
  const texts = [(await app.scrape()).text, (await new WorkerMetrics().scrape()).text];
  return new Set(texts.flatMap((text) => [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!)));
}

describe('the sample Grafana dashboard', () => {
  it('has a Prometheus data source variable that every panel and query uses', () => {
    expect(dashboard.templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid, panel.title).toBe('${datasource}');
      for (const target of panel.targets) expect(target.datasource.uid, panel.title).toBe('${datasource}');
    }
  });

  it('queries only metrics the service exposes', async () => {
    const exposed = await exposedNames();
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/\b((?:care|process|nodejs)_\w+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ''))));
    expect(queried.length).toBeGreaterThan(8);
    expect(queried.filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('has the panels operators look for', () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const metric of [
      'care_messages_total',
      'care_turn_duration_seconds_bucket',
      'care_escalations_total',
      'care_queue_length',
      'care_followups_total',
      'care_llm_calls_total',
      'care_http_request_duration_seconds_bucket',
    ]) {
      expect(exprs).toContain(metric);
    }
    expect(exprs).toMatch(/histogram_quantile\(0\.99, sum by \(le\) \(rate\(care_turn_duration_seconds_bucket/);
  });
});
