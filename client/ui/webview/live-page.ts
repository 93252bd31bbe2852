// The live pages' script (browser bundle: dist/webview/live-page.js). It holds no data of its own: the host renders
// each fragment (escaped) and posts it; this swaps it in, ticks `[data-expires-at]` countdowns every second and
// turns clicks on `button[data-action]` into messages (the CSP allows no inline handlers).
import { expiryCountdown } from '../countdown';
import type { LivePageMessage, LivePageUpdate } from '../webview-html';

declare function acquireVsCodeApi(): { postMessage(msg: LivePageMessage): void };

const vscode = acquireVsCodeApi();
const content = document.getElementById('content') as HTMLElement;
/** Host clock minus page clock: expiry times are the host's (a code-server browser may run on another machine). */
let skew = 0;

function syncClock(hostNow: number): void {
  skew = Number.isFinite(hostNow) ? hostNow - Date.now() : 0;
}

function tick(): void {
  const now = Date.now() + skew;
  for (const el of content.querySelectorAll<HTMLElement>('[data-expires-at]')) {
    const c = expiryCountdown(Number(el.dataset.expiresAt) - now);
    if (el.textContent !== c.text) el.textContent = c.text;
    if (el.dataset.level !== c.level) el.dataset.level = c.level;
  }
}

window.addEventListener('message', (event: MessageEvent<LivePageUpdate>) => {
  const msg = event.data;
  if (msg?.type !== 'update' || typeof msg.html !== 'string') return;
  content.innerHTML = msg.html;
  content.dataset.now = String(msg.now);
  syncClock(msg.now);
  tick();
});

content.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
  if (button && !button.disabled && button.dataset.action) vscode.postMessage({ type: 'action', action: button.dataset.action });
});

syncClock(Number(content.dataset.now));
tick();
setInterval(tick, 1000);
vscode.postMessage({ type: 'ready' });
