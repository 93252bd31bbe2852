/** The command quick pick: catalogue entries grouped under separators (pure; the UI maps these to QuickPickItems). */
import type { CommandSpec } from '../../core/command-protocol/catalogue';

export type CommandPickEntry = { kind: 'separator'; label: string } | { kind: 'command'; label: string; description: string; detail: string; name: string };

function domainText(spec: CommandSpec): string {
  if (spec.signing === 'rest') return 'REST (unsigned)';
  return spec.domain === 'vcsec' ? 'VCSEC (signed)' : 'Infotainment (signed)';
}

/**
 * Groups by the catalogue's `group`, in first-seen order; within a group, signed VCSEC commands first, then
 * infotainment, then unsigned REST, each alphabetically by title. `description` carries the REST name and domain
 * (so typing `door_lock` or `vcsec` finds it), `detail` the description and parameters.
 */
export function commandPickEntries(catalogue: readonly CommandSpec[]): CommandPickEntry[] {
  const groups = new Map<string, CommandSpec[]>();
  for (const spec of catalogue) {
    const list = groups.get(spec.group) ?? [];
    list.push(spec);
    groups.set(spec.group, list);
  }
  const rank = (s: CommandSpec): number => (s.signing === 'rest' ? 2 : s.domain === 'vcsec' ? 0 : 1);
  const out: CommandPickEntry[] = [];
  for (const [group, specs] of groups) {
    out.push({ kind: 'separator', label: group });
    for (const spec of [...specs].sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title))) {
      const params = spec.params.length
        ? ` · params: ${spec.params.map((p) => (p.optional || p.default !== undefined || p.requiredWhen ? `[${p.name}]` : p.name)).join(', ')}`
        : '';
      out.push({
        kind: 'command',
        label: spec.title,
        description: `${spec.name} · ${domainText(spec)}`,
        detail: `${spec.description}${params}`,
        name: spec.name,
      });
    }
  }
  return out;
}
