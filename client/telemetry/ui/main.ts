// The Live Telemetry webview (browser bundle: dist/webview/telemetry.js). Data arrives from the extension host
// by postMessage; the feed token never reaches this page.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { HostToWebview, WebviewToHost, BridgeStatus } from '../messages';
import { parseFilter } from '../model/filter';
import { clockPosition, PLAYBACK_SPEEDS, type PlaybackClock } from '../model/playback';
import { renderVehicle, renderVehicles, vehicleShown, type RenderOptions } from '../model/render';
import { statusLineHtml } from '../model/status-line';
import { TelemetryStore } from '../model/store';
import { RenderLoop } from './render-loop';
import { RuleAlerts } from '../model/rule-alerts';
import { historySection } from './history';

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
const playbackEl = $('playback');
const playEl = $('play');
const speedEl = $<HTMLSelectElement>('speed');
const positionEl = $<HTMLInputElement>('position');
const positionTextEl = $('position-text');

let store = new TelemetryStore({ historyMs: 5 * 60_000 });
let historyMs = 5 * 60_000;
let focusVin: string | undefined;
let paused = false;
let status: BridgeStatus | undefined;
let locale: string | undefined;
let names: Record<string, string> = {};
/** A recording's clock and when it arrived: values age against the recording's time, not today's. */
let playback: { clock: PlaybackClock; at: number } | undefined;
/** The user is dragging the position: the bar does not jump under the pointer. */
let seeking = false;

function now(): number {
  return playback ? clockPosition(playback.clock, Date.now() - playback.at) : Date.now();
}

/** Records drawn by the last frame: what "N shown" counts (it must not move while paused). */
let shown = 0;

const ruleAlerts = new RuleAlerts();
const history = historySection($('history'), (msg) => vscode.postMessage(msg));

function options(now: number): RenderOptions {
  return {
    now,
    historyMs,
    filter: parseFilter(filterEl.value ?? ''),
    names,
    ruleAlerts: (vin) => ruleAlerts.forVin(vin),
    ...(focusVin ? { focusVin } : {}),
    ...(locale ? { locale } : {}),
  };
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
    vehiclesEl.innerHTML = renderVehicles(store.vehicles(), options(now()));
  },
  renderVehicle(vin) {
    const v = store.vehicle(vin);
    if (!v) return true;
    const o = options(now());
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
  detachEl.title = s.sourceLabel
    ? `Stop showing this ${s.sourceLabel === 'MQTT' ? 'MQTT broker' : 'recording'} and go back to the bridge's feed`
    : 'Stop using this bridge; it was started outside Fleetkit and keeps running';
}

function clockText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
}

function renderPlayback(): void {
  playbackEl.hidden = !playback;
  if (!playback) return;
  const c = playback.clock;
  const pos = now();
  const span = Math.max(1, c.end - c.start);
  if (playEl.textContent !== (c.playing ? 'Pause' : 'Play')) playEl.textContent = c.playing ? 'Pause' : 'Play';
  if (speedEl.value !== String(c.speed)) speedEl.value = String(c.speed);
  if (!seeking) positionEl.value = String(Math.round(((pos - c.start) / span) * 1000));
  const at = new Date(pos).toLocaleTimeString(locale);
  positionTextEl.textContent = `${clockText(pos - c.start)} / ${clockText(c.end - c.start)} · ${at} · ${c.shown} of ${c.count} records`;
}

for (const speed of PLAYBACK_SPEEDS) {
  const o = document.createElement('option');
  o.value = String(speed);
  o.textContent = `×${speed}`;
  speedEl.append(o);
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'ruleAlerts':
      for (const a of msg.alerts) if (ruleAlerts.add(a)) loop.vehicleChanged(a.vin);
      return;
    case 'historyResult':
      history.onResult(msg.id, msg.response);
      return;
    case 'init':
      historyMs = msg.historyMs;
      store = new TelemetryStore({ historyMs });
      for (const r of msg.records) store.add(r);
      locale = msg.locale;
      history.setLocale(locale);
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
    case 'playback':
      playback = msg.clock ? { clock: msg.clock, at: Date.now() } : undefined;
      renderPlayback();
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
playEl.addEventListener('click', () => vscode.postMessage({ type: 'playback', action: playback?.clock.playing ? 'pause' : 'play' }));
speedEl.addEventListener('change', () => vscode.postMessage({ type: 'playbackSpeed', speed: Number(speedEl.value) }));
positionEl.addEventListener('input', () => (seeking = true));
positionEl.addEventListener('change', () => {
  seeking = false;
  const c = playback?.clock;
  if (c) vscode.postMessage({ type: 'playbackSeek', position: c.start + (Number(positionEl.value) / 1000) * (c.end - c.start) });
});
// Ages and the chart window move even without new records: every vehicle is refreshed once a second, spread over
// frames by the loop's budget.
setInterval(() => {
  for (const v of store.vehicles()) loop.vehicleChanged(v.vin);
  renderPlayback();
}, 1000);
vscode.postMessage({ type: 'ready' });
