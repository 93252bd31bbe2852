export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const STYLE = `body{font:15px system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.3rem}fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0}label{display:block;margin:.3rem 0}
button{font-size:1rem;padding:.5rem 1.4rem;margin-right:.5rem;border-radius:4px;border:1px solid #888;cursor:pointer}
button.allow{background:#3e6ae1;color:#fff;border-color:#3e6ae1}.muted{color:#666;font-size:.85rem}code{word-break:break-all}`;

/** A minimal standalone page (no external resources). `body` must already be escaped HTML. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}
