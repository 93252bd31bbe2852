/** Reads a Prometheus text exposition (what /metrics serves) into samples, for the metrics tests. */
import { get } from 'node:http';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parsePrometheusText(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

export async function scrape(url: string): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), text }));
    }).on('error', reject);
  });
}

/** Samples of one scrape, looked up by name and labels (a missing sample reads as undefined). */
export class Scrape {
  constructor(readonly samples: Sample[]) {}

  static async of(url: string): Promise<Scrape> {
    const r = await scrape(url);
    if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.text}`);
    return new Scrape(parsePrometheusText(r.text));
  }

  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const s = this.samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
    return s?.value;
  }

  names(): Set<string> {
    return new Set(this.samples.map((s) => s.name));
  }
}
