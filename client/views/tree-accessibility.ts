/**
 * What a screen reader says for a tree row. VS Code reads a row's string tooltip when no accessibilityInformation is
 * set, so rows with a tooltip such as "Checked 2026-11-23T04:00:00Z" were announced as a timestamp: every tree
 * in Fleetkit sets this instead, so a row reads as it looks — its label, then its description (status and values).
 */
export function rowAccessibility(label: string, description?: string | boolean): { label: string } {
  return { label: [label, typeof description === 'string' ? description : ''].filter((s) => s.trim()).join(', ') };
}
