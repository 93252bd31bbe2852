/** Where the bridge's history is (docs/history.md), its feed port over plain HTTP: `ws://127.0.0.1:39617/feed` → `http://127.0.0.1:39617`. */
export function historyBaseUrl(feedUrl: string): string {
  const u = new URL(feedUrl);
  return `${u.protocol === 'wss:' ? 'https:' : 'http:'}//${u.host}`;
}
