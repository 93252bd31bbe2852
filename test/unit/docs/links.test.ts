/**
 * The documentation cannot rot silently: every relative link (with its #anchor) and every repository path written in
 * inline code in README.md, CONTRIBUTING.md and docs/*.md must exist, so a rename that leaves a page behind fails here.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** Top-level entries that are built, installed or written by test runs: not in a fresh clone, never documented paths. */
const NOT_IN_THE_REPOSITORY = new Set(['.git', 'node_modules', 'dist', 'test-results']);

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function entries(dir: string): string[] {
  return isDir(dir) ? readdirSync(dir) : [];
}

/** The pages this test reads, relative to the repository root. */
function pages(): string[] {
  return [
    'README.md',
    'CONTRIBUTING.md',
    ...entries(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
}

/** The repository's top-level folders and files a documented path can start with. */
function topLevel(): Set<string> {
  return new Set(entries(ROOT).filter((e) => !NOT_IN_THE_REPOSITORY.has(e) && !e.endsWith('.vsix')));
}

/** Markdown without fenced code blocks: their text is shown as it is (shell sessions, JSON, diagrams), not linked. */
export function withoutFences(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** Relative link and image targets (`[text](target)`, `![alt](target)`), split into path and anchor. */
export function relativeLinks(md: string): Array<{ path: string; anchor?: string }> {
  const out: Array<{ path: string; anchor?: string }> = [];
  for (const m of withoutFences(md).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, command:…
    const hash = target.indexOf('#');
    out.push(hash < 0 ? { path: target } : { path: target.slice(0, hash), anchor: decodeURIComponent(target.slice(hash + 1)) });
  }
  return out;
}

/**
 * Repository paths written in inline code, also inside a command (`npx mocha … test/unit/x.test.ts`): a word whose
 * first segment is one of `roots` and that has a `/` after it. `*`, `**` and `<placeholder>` segments are globs.
 */
export function codePaths(md: string, roots: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const m of withoutFences(md).matchAll(/(`+)([^`]+?)\1/g)) {
    for (const raw of m[2]!.split(/\s+/)) {
      const word = raw.replace(/^[("'[]+/, '').replace(/[)"',;:.\]]+$/, '');
      const slash = word.indexOf('/');
      if (slash > 0 && roots.has(word.slice(0, slash))) out.push(word);
    }
  }
  return out;
}

function segmentPattern(segment: string): RegExp {
  const source = segment
    .split(/(\*|<[^>]+>)/)
    .map((part) => (part === '*' || /^<[^>]+>$/.test(part) ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

function globExists(dir: string, segments: readonly string[]): boolean {
  const [segment, ...rest] = segments;
  if (segment === undefined) return true;
  if (segment === '**') return globExists(dir, rest) || entries(dir).some((e) => isDir(join(dir, e)) && globExists(join(dir, e), segments));
  if (!/[*<]/.test(segment)) return existsSync(join(dir, segment)) && (rest.length === 0 || isDir(join(dir, segment))) && globExists(join(dir, segment), rest);
  const pattern = segmentPattern(segment);
  return entries(dir).some((e) => pattern.test(e) && globExists(join(dir, e), rest));
}

/** Whether a repository path (or glob) names at least one file or folder under `root`. */
export function pathExists(root: string, path: string): boolean {
  return globExists(root, path.split('/').filter(Boolean));
}

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, each space a hyphen, repeats numbered. */
export function headingAnchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutFences(md).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = m[1]!.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}_ -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

describe('docs: the checker itself', () => {
  const roots = new Set(['client', 'test', 'simulator', 'core']);

  it('finds paths in inline code, inside commands too, and leaves out built files, settings, URLs and fenced code', () => {
    const md = [
      'See `client/extension.ts`, (`core/fleet-api/*`) and `npx mocha -r tsx/cjs test/unit/a.test.ts`.',
      'Not paths: `dist/server.js`, `fleetkit.partner.domain`, `https://x/y`, `/api/1/users/me`, `~/.cache/fleetkit`.',
      '```sh',
      'node client/in-a-fence.ts',
      '```',
      'And `simulator/<surface>/`.',
    ].join('\n');
    assert.deepEqual(codePaths(md, roots), ['client/extension.ts', 'core/fleet-api/*', 'test/unit/a.test.ts', 'simulator/<surface>/']);
  });

  it('finds relative links with their anchors and skips URLs', () => {
    const md = '[a](docs/cli.md#vehicle-commands) ![b](docs/images/x.png) [c](#setup) [d](https://example.com) [e](command:fleetkit.signIn)';
    assert.deepEqual(relativeLinks(md), [{ path: 'docs/cli.md', anchor: 'vehicle-commands' }, { path: 'docs/images/x.png' }, { path: '', anchor: 'setup' }]);
  });

  it('tells existing paths and globs from missing ones', () => {
    assert.ok(pathExists(ROOT, 'client/extension.ts'));
    assert.ok(pathExists(ROOT, 'simulator/<surface>/surface.ts'));
    assert.ok(pathExists(ROOT, 'test/unit/**/*.test.ts'));
    assert.ok(!pathExists(ROOT, 'client/no-such-file.ts'));
    assert.ok(!pathExists(ROOT, 'test/unit/**/*.no-such-suffix'));
    assert.ok(!pathExists(ROOT, 'package.json/x'), 'a file is not a folder');
  });

  it('makes the anchors GitHub makes', () => {
    const md =
      '# Title\n## The bridge (`fleetkit bridge`)\n### Add a VS Code command\n## Telemetry config: lint and lsp\n## Setup\n## Setup\n```\n# not a heading\n```';
    assert.deepEqual(
      [...headingAnchors(md)],
      ['title', 'the-bridge-fleetkit-bridge', 'add-a-vs-code-command', 'telemetry-config-lint-and-lsp', 'setup', 'setup-1'],
    );
  });
});

describe('docs: links and paths in README.md, CONTRIBUTING.md and docs/*.md', () => {
  const roots = topLevel();
  const files = pages();

  it('reads the pages it should', () => {
    for (const page of ['README.md', 'CONTRIBUTING.md', 'docs/ARCHITECTURE.md', 'docs/telemetry-config.md']) assert.ok(files.includes(page), page);
    for (const page of files) assert.ok(existsSync(join(ROOT, page)), page);
  });

  it('every relative link points at a file or folder that exists, and every #anchor at a heading of that page', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of files) {
      for (const link of relativeLinks(readFileSync(join(ROOT, page), 'utf8'))) {
        checked++;
        const target = link.path ? join(ROOT, dirname(page), decodeURI(link.path)) : join(ROOT, page);
        const shown = `${page} → ${link.path}${link.anchor !== undefined ? `#${link.anchor}` : ''}`;
        if (!existsSync(target)) {
          broken.push(`${shown}: no such file`);
          continue;
        }
        if (link.anchor !== undefined && target.endsWith('.md') && !headingAnchors(readFileSync(target, 'utf8')).has(link.anchor)) {
          broken.push(`${shown}: no such heading in ${relative(ROOT, target)}`);
        }
      }
    }
    assert.deepEqual(broken, []);
    assert.ok(checked > 30, `only ${checked} links found`);
  });

  it('every repository path written in inline code exists (a glob: at least one match)', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const page of files) {
      for (const path of codePaths(readFileSync(join(ROOT, page), 'utf8'), roots)) {
        checked++;
        if (!pathExists(ROOT, path)) missing.push(`${page}: ${path}`);
      }
    }
    assert.deepEqual(missing, []);
    assert.ok(checked > 100, `only ${checked} paths found`);
  });

  it('the README gives the two commands a fresh clone starts with', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes('npm run setup && npm start'), 'npm run setup && npm start');
    assert.ok(readme.includes('npm run setup && npm test'), 'npm run setup && npm test');
  });
});
