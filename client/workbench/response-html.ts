import { formatCallPrice } from '../../core/billing/prices';
import { escapeHtml as esc } from '../ui/webview-html';
import type { WorkbenchResult } from './result';

export const RESPONSE_PAGE_TITLE = 'Fleet API Response';

export const RESPONSE_PAGE_STYLES = `
  .status { font-size: 1.2em; font-weight: 600; }
  .status[data-ok="true"] { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
  .status[data-ok="false"] { color: var(--vscode-errorForeground); }
  pre.body { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); background: var(--vscode-textCodeBlock-background); padding: 8px 10px; overflow: auto; max-height: 60vh; white-space: pre; }
  table.history td, table.history th { white-space: nowrap; }
  details { margin: 8px 0; }
`;

const time = (at: number): string => new Date(at).toISOString().slice(11, 19);
const ms = (d: number): string => `${Math.max(0, Math.round(d))} ms`;
const cost = (r: WorkbenchResult): string => (r.billed ? `${r.billed.category}, ${formatCallPrice(r.billed.usd)}` : 'not billed');

function latest(r: WorkbenchResult): string {
  const headers = r.headers.length
    ? `<details><summary>Headers (${r.headers.length})</summary><table class="headers"><tbody>${r.headers
        .map(([k, v]) => `<tr><th scope="row"><code>${esc(k)}</code></th><td><code>${esc(v)}</code></td></tr>`)
        .join('')}</tbody></table></details>`
    : '';
  return `<section class="latest" data-id="${r.id}">
<h1><code>${esc(r.method)} ${esc(r.path)}</code></h1>
<p><span class="status" data-ok="${r.ok}" data-field="status">${esc(r.summary)}</span></p>
${r.explanation ? `<p class="notice" data-field="explanation">${esc(r.explanation)}</p>` : ''}
<table class="facts"><tbody>
<tr><th scope="row">txid</th><td><code data-field="txid">${esc(r.txid ?? '—')}</code></td></tr>
<tr><th scope="row">Time</th><td data-field="duration">${ms(r.durationMs)}</td></tr>
<tr><th scope="row">Billed as</th><td data-field="billed">${esc(cost(r))}</td></tr>
<tr><th scope="row">Sent</th><td>${esc(r.via === 'rest' ? 'Fleet API REST' : r.via === 'signed' ? 'signed by Fleetkit (Vehicle Command Protocol)' : 'through tesla-http-proxy')} · ${esc(r.account)} · <code>${esc(r.baseUrl)}</code></td></tr>
</tbody></table>
${headers}
<h2>Body</h2>
<pre class="body" data-field="body">${esc(r.body)}</pre>
</section>`;
}

/** The viewer: the latest response whole, then the history of this window's requests (newest first). Pure. */
export function renderResponseBody(history: readonly WorkbenchResult[]): string {
  if (!history.length) {
    return `<h1>Fleet API responses</h1><p class="muted" id="empty">Send a request from a <code>.tesla.http</code> file (the Send code lens) and its response shows here.</p>`;
  }
  const [first] = history;
  const rows = history
    .map(
      (r) =>
        `<tr data-id="${r.id}"><td>${time(r.at)}</td><td><code>${esc(r.method)} ${esc(r.path)}</code></td><td data-ok="${r.ok}">${esc(r.status !== undefined ? String(r.status) : r.ok ? 'done' : 'refused')}</td><td><code>${esc(r.txid ?? '—')}</code></td><td class="num">${ms(r.durationMs)}</td><td>${esc(cost(r))}</td></tr>`,
    )
    .join('');
  return `${latest(first)}
<h2>History</h2>
<table class="history"><thead><tr><th scope="col">Sent (UTC)</th><th scope="col">Request</th><th scope="col">Status</th><th scope="col">txid</th><th scope="col" class="num">Time</th><th scope="col">Billed as</th></tr></thead><tbody>${rows}</tbody></table>
<div class="actions"><button class="secondary" data-action="clearHistory">Clear History</button></div>`;
}
