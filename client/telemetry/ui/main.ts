// The Live Telemetry webview (browser bundle: dist/webview/telemetry.js). Data arrives from the extension host
// by postMessage; the feed token never reaches this page.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { HostToWebview, WebviewToHost, BridgeStatus } from '../messages';
import { escapeHtml } from '../model/escape';
import { parseFilter } from '../model/filter';
import { renderVehicles } from '../model/render';
import { TelemetryStore } from '../model/store';

declare function acquireVsCodeApi(): { postMessage(msg: WebviewToHost): void };

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const vehiclesEl = $('vehicles');
const statusEl = $('status');
const filterEl = $<HTMLInputElement>('filter');
const pauseEl = $('pause');
const startEl = $('start');
const stopEl = $('stop');
const noticeEl = $('notice');

let store = new TelemetryStore({ historyMs: 5 * 60_000 });
let historyMs = 5 * 60_000;
let focusVin: string | undefined;
let paused = false;
let dirty = true;
let frame = 0;
let lastRender = 0;
let status: BridgeStatus | undefined;

/** At most one render per animation frame, and no more than ~5 per second: bursts of records coalesce. */
function schedule(): void {
  dirty = true;
  if (frame || paused) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const now = Date.now();
    if (now - lastRender < 200) {
      setTimeout(schedule, 200 - (now - lastRender));
      return;
    }
    if (!dirty || paused) return;
    dirty = false;
    lastRender = now;
    render(now);
  });
}

function render(now: number): void {
  vehiclesEl.innerHTML = renderVehicles(store.vehicles(), { now, historyMs, filter: parseFilter(filterEl.value ?? ''), ...(focusVin ? { focusVin } : {}) });
  renderStatus();
}

function renderStatus(): void {
  const s = status;
  if (!s) return;
  const rate = Math.round(s.recordsPerSecond * 10) / 10;
  statusEl.innerHTML = `<span class="state ${escapeHtml(s.state)}">${escapeHtml(s.state)}</span> ${escapeHtml(s.detail)}` +
    (s.state === 'running' ? ` · <span id="vehicle-count">${s.connectedVehicles}</span> vehicles · <span id="rate">${rate}</span> records/s · ${store.total} shown${s.dropped ? ` · ${s.dropped} dropped` : ''}` : '') +
    (paused ? ' · <span class="paused">paused</span>' : '');
  startEl.hidden = s.state === 'running' || s.state === 'starting';
  stopEl.hidden = s.state !== 'running';
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'init':
      historyMs = msg.historyMs;
      store = new TelemetryStore({ historyMs });
      for (const r of msg.records) store.add(r);
      focusVin = msg.focusVin;
      status = msg.status;
      break;
    case 'records':
      for (const r of msg.records) store.add(r);
      break;
    case 'status':
      status = msg.status;
      renderStatus();
      return;
    case 'focus':
      focusVin = msg.vin;
      filterEl.value = '';
      break;
    case 'exported':
      noticeEl.textContent = `Exported ${msg.count} records to ${msg.path}`;
      return;
  }
  schedule();
});

filterEl.addEventListener('input', () => schedule());
pauseEl.addEventListener('click', () => {
  paused = !paused;
  pauseEl.textContent = paused ? 'Resume' : 'Pause';
  renderStatus();
  if (!paused) schedule();
});
$('export-json').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'json', filter: filterEl.value ?? '' }));
$('export-csv').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv', filter: filterEl.value ?? '' }));
startEl.addEventListener('click', () => vscode.postMessage({ type: 'startBridge' }));
stopEl.addEventListener('click', () => vscode.postMessage({ type: 'stopBridge' }));
// Ages and the chart window move even without new records.
setInterval(() => schedule(), 1000);
vscode.postMessage({ type: 'ready' });
