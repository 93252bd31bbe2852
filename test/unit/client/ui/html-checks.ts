/** Checks on webview HTML shared by the live pages' tests. */

/** An `on…=` attribute (inline event handler) anywhere in an HTML text. */
export const INLINE_HANDLER = /<[^>]*\son[a-z]+\s*=/i;

/** The CSP a page declares, read from its meta element (entities decoded). */
export function declaredCsp(html: string): string | undefined {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  return m?.[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
