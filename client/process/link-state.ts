/**
 * Fleetkit's link to a background service (the local simulator, the telemetry bridge) and every sentence a user reads
 * about it: whether Fleetkit started the process (so it may stop it) or attached to one started elsewhere (`npm
 * start`, a terminal), which it can only detach from. Pure: unit-tested without VS Code.
 */

export type Link =
  /** Nothing runs that Fleetkit knows of; `note` says why (e.g. "exited with code 1"). */
  | { readonly kind: 'stopped'; readonly note?: string }
  | { readonly kind: 'starting' }
  /** Fleetkit spawned it and owns the process. */
  | { readonly kind: 'started'; readonly at: string; readonly pid?: number }
  /** Started elsewhere; Fleetkit uses it through its ready line (`source`: the ready file). */
  | { readonly kind: 'attached'; readonly at: string; readonly source?: string }
  /** Was attached; the user detached. The process may well still run. */
  | { readonly kind: 'detached'; readonly at: string }
  /** Announced at `at`, but a probe got no answer. `started`: Fleetkit's own process. */
  | { readonly kind: 'unreachable'; readonly at: string; readonly why: string; readonly started: boolean }
  | { readonly kind: 'failed'; readonly message: string };

export interface LinkSubject {
  /** Mid-sentence name: "local simulator". */
  readonly name: string;
  /** How it is usually started outside Fleetkit: "npm start or fleetkit sim". */
  readonly elsewhere: string;
}

export const SIMULATOR: LinkSubject = { name: 'local simulator', elsewhere: 'npm start or fleetkit sim' };
export const BRIDGE: LinkSubject = { name: 'telemetry bridge', elsewhere: 'npm start or fleetkit bridge' };

/** The process Fleetkit may end: only one it started. */
export function canStop(link: Link): boolean {
  return link.kind === 'started' || (link.kind === 'unreachable' && link.started);
}

/** A link Fleetkit can drop while the process keeps running: one it attached to. */
export function canDetach(link: Link): boolean {
  return link.kind === 'attached' || (link.kind === 'unreachable' && !link.started);
}

/** True while Fleetkit uses the service (started or attached), before any probe says otherwise. */
export function isLinked(link: Link): link is Extract<Link, { kind: 'started' | 'attached' }> {
  return link.kind === 'started' || link.kind === 'attached';
}

/** Where the linked (or last linked) service is: its URL or host:port. */
export function linkAt(link: Link): string | undefined {
  return 'at' in link ? link.at : undefined;
}

/** One or two words for a status bar, a tree row or the panel: "attached", "started by Fleetkit"… */
export function linkWord(link: Link): string {
  switch (link.kind) {
    case 'started':
      return 'started by Fleetkit';
    case 'attached':
      return 'attached';
    case 'detached':
      return 'detached';
    case 'unreachable':
      return 'not answering';
    case 'starting':
      return 'starting';
    case 'failed':
      return 'failed';
    case 'stopped':
      return 'not running';
  }
}

/** The full sentence (tooltips, the Telemetry view, the panel's status line). */
export function linkSummary(subject: LinkSubject, link: Link): string {
  const { name, elsewhere } = subject;
  switch (link.kind) {
    case 'started':
      return `Fleetkit started the ${name}${link.pid ? ` (pid ${link.pid})` : ''} at ${link.at}; stopping it ends the process.`;
    case 'attached':
      return `Fleetkit is attached to the ${name} at ${link.at}, started outside Fleetkit (${elsewhere}); detaching leaves it running.`;
    case 'detached':
      return `Fleetkit is detached from the ${name} at ${link.at}; it was started outside Fleetkit and may still run. Start it from Fleetkit to attach again.`;
    case 'unreachable':
      return `The ${name} at ${link.at} does not answer (${link.why}).`;
    case 'starting':
      return `Starting the ${name}…`;
    case 'failed':
      return `The ${name} failed: ${link.message}`;
    case 'stopped':
      return `The ${name} is not running${link.note ? ` (${link.note})` : ''}.`;
  }
}

/** What Stop says about a process Fleetkit did not start (neither service has a remote stop). */
export function stopRefusal(subject: LinkSubject, at: string): string {
  return (
    `The ${subject.name} at ${at} was started outside Fleetkit (${subject.elsewhere}) and has no remote stop: ` +
    'stop it where it runs (Ctrl-C in its terminal). Fleetkit can detach from it instead; it keeps running.'
  );
}

/** The notification after Start: what Fleetkit now uses, and why a named one was passed over. */
export function readyNotice(subject: LinkSubject, link: Link, passedOver?: { at: string; why: string }): string {
  const skipped = passedOver ? ` The one at ${passedOver.at} did not answer (${passedOver.why}).` : '';
  if (link.kind === 'started') return `Fleetkit started the ${subject.name} at ${link.at}.${skipped}`;
  if (link.kind === 'attached') return `Fleetkit is attached to the ${subject.name} at ${link.at} (started outside Fleetkit: ${subject.elsewhere}).`;
  return linkSummary(subject, link);
}

export function detachNotice(subject: LinkSubject, at: string): string {
  return `Fleetkit detached from the ${subject.name} at ${at}; it keeps running.`;
}

export function stopNotice(subject: LinkSubject): string {
  return `Fleetkit stopped the ${subject.name} it started.`;
}

/** The Accounts & Vehicles row of a simulator account while no simulator is linked. */
export function simulatorAccountUnavailable(link: Link): string {
  const start = 'Fleetkit: Start Local Simulator';
  switch (link.kind) {
    case 'detached':
      return `Fleetkit is detached from the local simulator this account belongs to (${link.at}, started outside Fleetkit; it may still run): attach again with ${start}.`;
    case 'unreachable':
      return `The local simulator this account belongs to does not answer at ${link.at} (${link.why}): start it (${start}).`;
    case 'starting':
      return 'The local simulator is starting…';
    case 'failed':
      return `The local simulator failed (${link.message}): start it again (${start}).`;
    default:
      return `The local simulator this account belongs to is not running${link.kind === 'stopped' && link.note ? ` (${link.note})` : ''}: start it (${start}).`;
  }
}
