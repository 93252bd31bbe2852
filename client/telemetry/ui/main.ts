// The Live Telemetry webview (browser bundle: dist/webview/telemetry.js). Data arrives from the extension host
// by postMessage; the feed token never reaches this page.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { HostToWebview, WebviewToHost, BridgeStatus } from '../messages';
import { parseFilter } from '../model/filter';
import { renderVehicle, renderVehicles, vehicleShown, type RenderOptions } from '../model/render';
import { statusLineHtml } from '../model/status-line';
import { TelemetryStore } from '../model/store';
import { RenderLoop } from './render-loop';

declare function acquireVsCodeApi(): { postMessage(msg: WebviewToHost): void };

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const vehiclesEl = $('vehicles');
const statusEl = $('status');
const filterEl = $<HTMLInputElement>('filter');
const pauseEl = $('pause');
const startEl = $('start');
const stopEl = $('stop');
const detachEl = $('detach');
const noticeEl = $('notice');

let store = new TelemetryStore({ historyMs: 5 * 60_000 });
let historyMs = 5 * 60_000;
let focusVin: string | undefined;
let paused = false;
let status: BridgeStatus | undefined;
let locale: string | undefined;
let names: Record<string, string> = {};
/** Records drawn by the last frame: what "N shown" counts (it must not move while paused). */
let shown = 0;

function options(now: number): RenderOptions {
  return { now, historyMs, filter: parseFilter(filterEl.value ?? ''), names, ...(focusVin ? { focusVin } : {}), ...(locale ? { locale } : {}) };
}

/** Opened from a vehicle: filter to it, in the filter box where the user sees (and can clear) it. */
function focus(vin: string | undefined): void {
  focusVin = vin;
  if (vin) filterEl.value = `vin:${vin}`;
}

const loop = new RenderLoop({
  requestFrame: (cb) => requestAnimationFrame(cb),
  now: () => performance.now(),
  renderAll() {
    vehiclesEl.innerHTML = renderVehicles(store.vehicles(), options(Date.now()));
  },
  renderVehicle(vin) {
    const v = store.vehicle(vin);
    if (!v) return true;
    const o = options(Date.now());
    const el = vehiclesEl.querySelector(`section.vehicle[data-vin="${CSS.escape(vin)}"]`);
    const shown = vehicleShown(v, o);
    if (!el) return !shown; // a vehicle that should appear needs the whole list (order, the empty message)
    if (!shown) return false;
    el.outerHTML = renderVehicle(v, o);
    return true;
  },
  afterFrame: () => {
    shown = store.total;
    renderStatus();
  },
});

function renderStatus(): void {
  const s = status;
  if (!s) return;
  statusEl.innerHTML = statusLineHtml({ status: s, shown, received: store.total, paused, ...(locale ? { locale } : {}) });
  startEl.hidden = s.state === 'running' || s.state === 'starting';
  if (startEl.textContent !== s.startLabel) startEl.textContent = s.startLabel;
  // Stop only for a bridge Fleetkit started; one started elsewhere (npm start) can only be detached from.
  stopEl.hidden = !s.canStop;
  detachEl.hidden = !s.canDetach;
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'init':
      historyMs = msg.historyMs;
      store = new TelemetryStore({ historyMs });
      for (const r of msg.records) store.add(r);
      locale = msg.locale;
      names = msg.names;
      focus(msg.focusVin);
      status = msg.status;
      loop.layoutChanged();
      return;
    case 'records':
      for (const r of msg.records) {
        if (store.add(r)) loop.vehicleChanged(r.vin);
      }
      // While paused nothing is drawn, but the count of records waiting moves.
      if (paused) renderStatus();
      return;
    case 'names':
      names = msg.names;
      loop.layoutChanged();
      return;
    case 'status':
      status = msg.status;
      renderStatus();
      return;
    case 'focus':
      focus(msg.vin);
      loop.layoutChanged();
      return;
    case 'exported':
      noticeEl.textContent = `Exported ${msg.count} records to ${msg.path}`;
      return;
  }
});

filterEl.addEventListener('input', () => loop.layoutChanged());
pauseEl.addEventListener('click', () => {
  paused = !paused;
  pauseEl.textContent = paused ? 'Resume' : 'Pause';
  loop.setPaused(paused);
  renderStatus();
});
$('export-json').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'json', filter: filterEl.value ?? '' }));
$('export-csv').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv', filter: filterEl.value ?? '' }));
startEl.addEventListener('click', () => vscode.postMessage({ type: 'startBridge' }));
stopEl.addEventListener('click', () => vscode.postMessage({ type: 'stopBridge' }));
detachEl.addEventListener('click', () => vscode.postMessage({ type: 'detachBridge' }));
// Ages and the chart window move even without new records: every vehicle is refreshed once a second, spread over
// frames by the loop's budget.
setInterval(() => {
  for (const v of store.vehicles()) loop.vehicleChanged(v.vin);
}, 1000);
vscode.postMessage({ type: 'ready' });
