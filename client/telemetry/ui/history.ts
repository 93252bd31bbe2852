// The history section of the Live Telemetry webview (docs/history.md): asks the host for the bridge's history
// (the host holds the feed token and answers `historyResult`), and draws the chart, the changes and the summaries.
import type { HistoryQuery, HistoryResponse } from '../../../core/messages/history';
import type { WebviewToHost } from '../messages';
import { HISTORY_RANGES, numberChart, pan, stateChanges, summariesList, zoom, type HistoryWindow } from '../model/history-view';
import { escapeHtml as e } from '../model/escape';

const MAX_POINTS = 240;

export interface HistorySection {
  onResult(id: number, response: HistoryResponse): void;
  setLocale(locale: string | undefined): void;
}

export function historySection(root: HTMLElement, post: (msg: WebviewToHost) => void): HistorySection {
  root.innerHTML = `<details id="history-details"><summary><h3>History</h3> <span class="muted">from the bridge's history database</span></summary>
<div class="history-controls" role="group" aria-label="History window">
  <select id="history-vin" aria-label="Vehicle"></select>
  <select id="history-field" aria-label="Field"></select>
  ${HISTORY_RANGES.map((r) => `<vscode-button secondary class="history-range" data-span="${r.spanMs}">${e(r.label)}</vscode-button>`).join('')}
  <vscode-button secondary id="history-earlier" title="Earlier">◀</vscode-button>
  <vscode-button secondary id="history-zoom-in" title="Zoom in">+</vscode-button>
  <vscode-button secondary id="history-zoom-out" title="Zoom out">−</vscode-button>
  <vscode-button secondary id="history-later" title="Later">▶</vscode-button>
</div>
<p id="history-note" class="muted" role="status"></p>
<div id="history-chart"></div>
<h3>Charging sessions and drives</h3>
<div id="history-summaries"></div>
</details>`;
  const q = <T extends HTMLElement>(id: string): T => root.querySelector(`#${id}`) as T;
  const details = q<HTMLDetailsElement>('history-details');
  const vinEl = q<HTMLSelectElement>('history-vin');
  const fieldEl = q<HTMLSelectElement>('history-field');
  const noteEl = q('history-note');
  const chartEl = q('history-chart');
  const summariesEl = q('history-summaries');

  let locale: string | undefined;
  let nextId = 1;
  let newest = Date.now();
  let win: HistoryWindow | undefined;
  const pending = new Map<number, (r: HistoryResponse) => void>();

  const ask = (query: HistoryQuery, then: (r: HistoryResponse) => void): void => {
    const id = nextId++;
    pending.set(id, then);
    post({ type: 'historyRequest', id, query });
  };
  const failed = (r: HistoryResponse): boolean => {
    if (r.type !== 'error') return false;
    noteEl.textContent = r.message;
    return true;
  };

  const options = (select: HTMLSelectElement, values: Array<{ value: string; label: string }>, keep: string): void => {
    select.innerHTML = values.map((v) => `<option value="${e(v.value)}"${v.value === keep ? ' selected' : ''}>${e(v.label)}</option>`).join('');
  };

  const draw = (): void => {
    const vin = vinEl.value;
    const field = fieldEl.value;
    if (!vin || !win) return;
    const w = win;
    const since = w.until - w.spanMs;
    if (field) {
      ask({ query: 'series', vin, field, since, until: w.until, maxPoints: MAX_POINTS }, (r) => {
        if (failed(r) || r.type !== 'series') return;
        chartEl.innerHTML = r.kind === 'number' ? numberChart(r, w, locale) : stateChanges(r, locale);
      });
    }
    ask({ query: 'summaries', vin, since, until: w.until }, (r) => {
      if (failed(r) || r.type !== 'summaries') return;
      summariesEl.innerHTML = summariesList(r, locale);
    });
  };

  const loadFields = (): void => {
    ask({ query: 'fields', ...(vinEl.value ? { vin: vinEl.value } : {}) }, (r) => {
      if (failed(r) || r.type !== 'fields') return;
      newest = r.newest || Date.now();
      win ??= { until: newest, spanMs: HISTORY_RANGES[0]!.spanMs };
      if (!r.vins.length) {
        noteEl.textContent = 'No history yet: it fills as vehicles stream.';
        return;
      }
      noteEl.textContent = '';
      options(
        vinEl,
        r.vins.map((v) => ({ value: v, label: v })),
        r.vin,
      );
      const keep = fieldEl.value || (r.fields.some((f) => f.field === 'Soc') ? 'Soc' : (r.fields[0]?.field ?? ''));
      options(
        fieldEl,
        r.fields.map((f) => ({ value: f.field, label: `${f.field}${f.kind === 'state' ? ' (changes)' : ''}` })),
        keep,
      );
      draw();
    });
  };

  details.addEventListener('toggle', () => details.open && loadFields());
  vinEl.addEventListener('change', () => loadFields());
  fieldEl.addEventListener('change', () => draw());
  root.querySelectorAll<HTMLElement>('.history-range').forEach((b) =>
    b.addEventListener('click', () => {
      win = { until: newest, spanMs: Number(b.dataset.span) };
      loadFields();
    }),
  );
  const move = (f: (w: HistoryWindow) => HistoryWindow) => () => {
    if (!win) return;
    win = f(win);
    draw();
  };
  q('history-zoom-in').addEventListener(
    'click',
    move((w) => zoom(w, 0.5, newest)),
  );
  q('history-zoom-out').addEventListener(
    'click',
    move((w) => zoom(w, 2, newest)),
  );
  q('history-earlier').addEventListener(
    'click',
    move((w) => pan(w, -1, newest)),
  );
  q('history-later').addEventListener(
    'click',
    move((w) => pan(w, 1, newest)),
  );

  return {
    onResult(id, response) {
      const then = pending.get(id);
      pending.delete(id);
      then?.(response);
    },
    setLocale(l) {
      locale = l;
    },
  };
}
