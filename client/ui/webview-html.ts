/**
 * The document around a live webview page (Inspect Token, the cost breakdown): strict CSP with a per-load nonce,
 * nothing remote, VS Code theme variables only. The page's content is an HTML fragment the host renders (pure
 * renderers, every value escaped); the script (dist/webview/live-page.js, client/ui/webview/live-page.ts) swaps in
 * new fragments the host posts, ticks countdowns and turns `button[data-action]` clicks into messages.
 */
import { escapeHtml } from '../telemetry/model/escape';

export { escapeHtml };

/** Host → page: a new fragment for `#content`, rendered at the host's clock `now` (epoch ms). */
export interface LivePageUpdate {
  readonly type: 'update';
  readonly html: string;
  readonly now: number;
}

/** Page → host: loaded (send the current fragment), or a button with `data-action` was pressed. */
export type LivePageMessage = { readonly type: 'ready' } | { readonly type: 'action'; readonly action: string };

/** A message from the page, checked (a webview is a browser context: treat what it sends as input). */
export function readLivePageMessage(msg: unknown): LivePageMessage | undefined {
  if (!msg || typeof msg !== 'object') return undefined;
  const m = msg as { type?: unknown; action?: unknown };
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'action' && typeof m.action === 'string' && /^[a-z][a-zA-Z]{0,40}$/.test(m.action)) return { type: 'action', action: m.action };
  return undefined;
}

/** Scripts and styles only with the nonce, nothing else from anywhere (no connect-src: the page never fetches). */
export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${cspSource} 'nonce-${nonce}'`].join('; ');
}

/** Theme-coloured base styles shared by the live pages. */
export const BASE_STYLES = `
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 20px; line-height: 1.45; }
  h1 { font-size: 1.35em; font-weight: 600; margin: 16px 0 4px; }
  h2 { font-size: 1.1em; font-weight: 600; margin: 20px 0 6px; }
  code, .mono { font-family: var(--vscode-editor-font-family); font-size: 0.95em; }
  .muted { color: var(--vscode-descriptionForeground); }
  table { border-collapse: collapse; margin: 6px 0; }
  th, td { text-align: left; padding: 3px 12px 3px 0; vertical-align: top; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  thead th { color: var(--vscode-descriptionForeground); font-weight: 600; }
  tbody th { font-weight: 600; white-space: nowrap; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; padding-right: 16px; }
  tfoot th, tfoot td { border-bottom: none; font-weight: 600; }
  ul.plain { margin: 0; padding-left: 18px; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
  button { font-family: inherit; font-size: inherit; padding: 4px 12px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; cursor: pointer;
    color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
  button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
  button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
  .notice { padding: 8px 12px; margin: 12px 0; border-left: 3px solid var(--vscode-editorWarning-foreground); background: var(--vscode-textBlockQuote-background); }
  [data-level="ok"] { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
  [data-level="warning"] { color: var(--vscode-editorWarning-foreground); }
  [data-level="expired"] { color: var(--vscode-errorForeground); }
  .granted { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
  .missing { color: var(--vscode-errorForeground); font-weight: 600; }
`;

export interface LivePageInput {
  readonly title: string;
  /** Fresh for every load (crypto random, base64). */
  readonly nonce: string;
  /** The webview's `cspSource`. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(dist/webview/live-page.js)`. */
  readonly scriptUri: string;
  /** The first fragment for `#content`. */
  readonly body: string;
  /** The host's clock when `body` was rendered (countdowns tick from it). */
  readonly now: number;
  /** Page-specific CSS (added after BASE_STYLES). */
  readonly styles?: string;
}

const NONCE = /^[A-Za-z0-9+/]{16,}={0,2}$/;
/** For the CSP attribute: its quotes must stay readable ('none', 'nonce-…'), only `&` and `"` need escaping. */
const cspAttribute = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The whole document. */
export function livePageHtml(p: LivePageInput): string {
  if (!NONCE.test(p.nonce)) throw new Error('A webview nonce must be at least 16 base64 characters from a secure random source.');
  const nonce = p.nonce;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${cspAttribute(contentSecurityPolicy(nonce, p.cspSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(p.title)}</title>
<style nonce="${nonce}">${BASE_STYLES}${p.styles ?? ''}</style>
</head>
<body>
<main id="content" data-now="${Math.round(p.now)}">${p.body}</main>
<script nonce="${nonce}" src="${escapeHtml(p.scriptUri)}"></script>
</body>
</html>`;
}
