import type { RegionRegistration } from '../../core/partner';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PartnerPageInput {
  readonly domain: string;
  readonly rows: readonly RegionRegistration[];
  /** Regions shown but not registered by Fleetkit (CN needs a separate app on developer.tesla.cn). */
  readonly separate: readonly string[];
  readonly pairingLink: string;
  /** QR code of the pairing link, as an SVG document. */
  readonly qrSvg: string;
  readonly cspSource: string;
  readonly localKeyHex?: string;
}

/**
 * The Register Partner Domain result: a per-region table, the pairing link and its QR code. Static HTML (no
 * script), with a strict CSP; contains public data only (domain, public keys, statuses, txids).
 */
export function renderPartnerPage(p: PartnerPageInput): string {
  const row = (r: RegionRegistration): string => {
    const state = r.state === 'registered' ? '✔ registered' : r.state === 'not-registered' ? '– not registered' : '✖ failed';
    const match = r.matchesLocal === undefined ? '—' : r.matchesLocal ? '✔ yes' : '✖ no';
    const key = r.publicKeyHex ? `<code>${esc(r.publicKeyHex.slice(0, 20))}…</code>` : '—';
    const err = r.error
      ? `<div class="err">${esc(r.error.status ? `${r.error.status}: ` : '')}${esc(r.error.message)}${r.error.txid ? ` <span class="muted">(txid ${esc(r.error.txid)})</span>` : ''}</div><div class="fix">${esc(r.error.fix)}</div>`
      : '';
    return `<tr data-region="${esc(r.region)}" data-state="${esc(r.state)}"><th scope="row">${esc(r.region.toUpperCase())}</th><td>${state}${err}</td><td>${key}</td><td>${match}</td></tr>`;
  };
  const sep = p.separate
    .map(
      (r) =>
        `<tr data-region="${esc(r)}" data-state="separate"><th scope="row">${esc(r.toUpperCase())}</th><td colspan="3" class="muted">Marked separately: China needs its own app on developer.tesla.cn; Fleetkit does not register it.</td></tr>`,
    )
    .join('');
  const svg = p.qrSvg.replace(/^<\?xml[^>]*>\s*/, '');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${p.cspSource} 'unsafe-inline'; img-src ${p.cspSource} data:;">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner registration — ${esc(p.domain)}</title>
<style>
body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:0 1rem}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid var(--vscode-panel-border);padding:.4rem .6rem;text-align:left;vertical-align:top}
.err{color:var(--vscode-errorForeground)}.fix,.muted{color:var(--vscode-descriptionForeground)}
.qr{background:#fff;display:inline-block;padding:8px;width:200px;height:200px}.qr svg{width:100%;height:100%}
</style></head>
<body>
<h1>Partner registration: <code>${esc(p.domain)}</code></h1>
<table id="regions"><thead><tr><th scope="col">Region</th><th scope="col">Status</th><th scope="col">Tesla's key on record</th><th scope="col">Matches local key</th></tr></thead>
<tbody>${p.rows.map(row).join('')}${sep}</tbody></table>
${p.localKeyHex ? `<p class="muted">Command key: <code>${esc(p.localKeyHex.slice(0, 20))}…</code></p>` : '<p class="muted">No command key yet (Generate or Import Command Key), so the match column is empty.</p>'}
<h2>Pair the key with a vehicle</h2>
<p>Open <a id="pairing-link" href="${esc(p.pairingLink)}">${esc(p.pairingLink)}</a> on the phone that has the Tesla app (select the vehicle first if the account has several), or scan:</p>
<div class="qr" role="img" aria-label="QR code for ${esc(p.pairingLink)}">${svg}</div>
</body></html>`;
}
