/** "just now", "42 s ago", "3 min ago", "2 h ago", "5 d ago". Future times (clock skew) read as "just now". */
export function formatAge(at: number, now: number): string {
  const s = Math.floor((now - at) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** How long until the age text can change, so a view can refresh labels no more often than needed. */
export function ageRefreshDelayMs(at: number, now: number): number {
  const s = (now - at) / 1000;
  if (s < 60) return 5_000;
  if (s < 3600) return 60_000;
  return 15 * 60_000;
}
