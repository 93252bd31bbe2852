/** The panel's HTML: strict CSP (nonce'd script and style, nothing remote), VS Code theme variables only. */
export function panelHtml(o: { cspSource: string; nonce: string; scriptUri: string }): string {
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${o.nonce}'`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `font-src ${o.cspSource}`,
    `img-src ${o.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Live Telemetry</title>
<style nonce="${o.nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 16px; }
  header.toolbar { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px 0; background: var(--vscode-editor-background); border-bottom: 1px solid var(--vscode-panel-border); }
  #status { flex: 1 1 320px; }
  #filter { width: 280px; }
  .muted { color: var(--vscode-descriptionForeground); }
  .state.running, .state.up { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
  .state.failed, .state.down { color: var(--vscode-errorForeground); }
  .state.starting { color: var(--vscode-charts-yellow); }
  .paused { color: var(--vscode-charts-orange); font-weight: 600; }
  #notice { color: var(--vscode-descriptionForeground); }
  section.vehicle { margin-top: 16px; border: 1px solid var(--vscode-panel-border); border-radius: 4px; padding: 8px 12px; }
  section.vehicle.focus { border-color: var(--vscode-focusBorder); }
  h2 { font-size: 1.1em; margin: 4px 0 8px; } h2 .vin { font-family: var(--vscode-editor-font-family); }
  h3 { font-size: 0.95em; margin: 8px 0 4px; }
  .grid { display: grid; grid-template-columns: minmax(420px, 3fr) minmax(220px, 1fr); gap: 16px; }
  table.fields { border-collapse: collapse; width: 100%; }
  table.fields th { text-align: left; font-weight: 600; color: var(--vscode-descriptionForeground); border-bottom: 1px solid var(--vscode-panel-border); padding: 2px 6px; }
  table.fields td { padding: 2px 6px; border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); vertical-align: middle; }
  td.name { font-family: var(--vscode-editor-font-family); } td.value { font-variant-numeric: tabular-nums; font-weight: 600; }
  td.unit, td.age { color: var(--vscode-descriptionForeground); white-space: nowrap; }
  svg.spark { display: block; } svg.spark path { fill: none; stroke: var(--vscode-charts-blue); stroke-width: 1.5; }
  ol.timeline, ol.rule-alerts, ul.alerts, ul.errors { list-style: none; margin: 0; padding: 0; font-size: 0.92em; }
  li { padding: 1px 0; } .t { font-family: var(--vscode-editor-font-family); color: var(--vscode-descriptionForeground); }
  li.conn.up::before { content: '● '; color: var(--vscode-charts-green); } li.conn.down::before { content: '● '; color: var(--vscode-errorForeground); }
  li.alert.active { color: var(--vscode-editorWarning-foreground); } li.error { color: var(--vscode-errorForeground); }
  .playback { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 6px 0; border-bottom: 1px solid var(--vscode-panel-border); }
  .playback[hidden] { display: none; }
  #position { flex: 1 1 240px; accent-color: var(--vscode-focusBorder); }
  #speed { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border, transparent); font: inherit; padding: 2px 4px; }
  #position-text { font-variant-numeric: tabular-nums; white-space: nowrap; }
  li.rule-alert.sev-warning { color: var(--vscode-editorWarning-foreground); } li.rule-alert.sev-critical { color: var(--vscode-errorForeground); } li.rule-alert.sev-info { color: var(--vscode-editorInfo-foreground); }
  #history { margin-top: 12px; } #history summary h3 { display: inline; } .history-controls { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0; }
  .history-controls select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border, transparent); font: inherit; padding: 2px 4px; }
  figure.history-chart { margin: 0; } figure.history-chart svg { display: block; border: 1px solid var(--vscode-panel-border); }
  figure.history-chart path.band { fill: var(--vscode-charts-blue); fill-opacity: 0.25; stroke: none; } figure.history-chart path.avg { fill: none; stroke: var(--vscode-charts-blue); stroke-width: 1.5; vector-effect: non-scaling-stroke; }
  figure.history-chart figcaption { display: flex; justify-content: space-between; gap: 8px; font-size: 0.9em; }
  ol.history-changes, ul.history-summaries { list-style: none; margin: 0; padding: 0; }
  @media (max-width: 800px) { .grid { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<header class="toolbar">
  <span id="status" role="status" aria-live="polite">Connecting…</span>
  <vscode-textfield id="filter" placeholder="Filter: VIN or field (vin:… field:…)" aria-label="Filter"></vscode-textfield>
  <vscode-button id="pause" secondary>Pause</vscode-button>
  <vscode-button id="export-json" secondary>Export JSON</vscode-button>
  <vscode-button id="export-csv" secondary>Export CSV</vscode-button>
  <vscode-button id="start" hidden>Start bridge</vscode-button>
  <vscode-button id="stop" secondary hidden>Stop bridge</vscode-button>
  <vscode-button id="detach" secondary hidden title="Stop using this bridge; it was started outside Fleetkit and keeps running">Detach</vscode-button>
</header>
<div id="playback" class="playback" role="group" aria-label="Recording playback" hidden>
  <vscode-button id="play" secondary>Play</vscode-button>
  <label for="speed">Speed</label>
  <select id="speed" aria-label="Playback speed"></select>
  <input id="position" type="range" min="0" max="1000" step="1" value="0" aria-label="Position in the recording">
  <span id="position-text" class="muted"></span>
</div>
<p id="notice"></p>
<section id="history" aria-label="History"></section>
<main id="vehicles"><p class="empty muted">Waiting for vehicles to stream…</p></main>
<script nonce="${o.nonce}" src="${o.scriptUri}"></script>
</body>
</html>`;
}
