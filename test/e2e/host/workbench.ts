import { existsSync } from 'node:fs';
import { type Frame, type Locator, type Page } from 'playwright-core';

/** What a view in the side bar shows: its welcome content and/or its tree rows. */
export interface ViewContent {
  readonly title: string;
  readonly expanded: boolean;
  /** All visible text of the view body, whitespace collapsed. */
  readonly text: string;
  readonly welcome: {
    readonly paragraphs: readonly string[];
    /** Links that stand on their own line render as buttons (the DOM keeps no href for them). */
    readonly buttons: readonly string[];
    /** Inline links keep their href, e.g. `command:fleetkit.showLog`. */
    readonly links: readonly { readonly text: string; readonly href: string }[];
  };
  /** Tree rows (aria-labels), top to bottom, as rendered. */
  readonly rows: readonly string[];
}

export interface NotificationInfo {
  readonly message: string;
  readonly severity: 'info' | 'warning' | 'error' | 'unknown';
  readonly source: string;
  readonly buttons: readonly string[];
}

export interface ProblemRow {
  /** The row's aria-label, e.g. "Error: Unknown field … at line 3 column 5". */
  readonly label: string;
  /** 1 = a file, 2 = a problem in it. */
  readonly level: number;
  readonly text: string;
}

const VIEWPORT_CENTER = { x: 900, y: 450 };
const norm = (s: string | null | undefined): string =>
  (s ?? '')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Helpers that drive the VS Code workbench the way a user does (keyboard first) and read what it shows.
 * Every wait is on a selector or condition; there are no fixed sleeps.
 */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Waits until the workbench has rendered and the extension host side is connected. */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
    await this.page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  }

  // ── Command palette ────────────────────────────────────────────────────────────────────────────

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** The text field of the open quick pick or input box. */
  quickInputBox(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** Opens the command palette (F1) and waits for its input to have focus. */
  async openCommandPalette(timeoutMs = 15_000): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInputBox().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.waitForFunction(() => document.activeElement?.matches('.quick-input-widget .quick-input-box input') === true, undefined, {
      timeout: timeoutMs,
    });
  }

  /**
   * Runs a command by its palette title ("Fleetkit: Show Log"): F1, type, pick the row with exactly that
   * label, Enter. Retries once if the quick input lost focus while typing.
   */
  async runCommand(title: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 20_000;
    let lastError: unknown;
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        await this.closeQuickInput();
        await this.openCommandPalette(timeoutMs);
        await this.page.keyboard.type(title, { delay: 5 });
        const input = this.quickInputBox();
        const value = await input.inputValue();
        const focused = await input.evaluate((el) => el === document.activeElement);
        if (value !== `>${title}` || !focused) throw new Error(`quick input lost focus while typing (value ${JSON.stringify(value)})`);
        const row = this.page.locator('.quick-input-list .monaco-list-row', {
          has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(title)}$`) }),
        });
        await row.first().waitFor({ state: 'visible', timeout: timeoutMs });
        // Keyboard first: move the focus down to the row, then Enter.
        for (let i = 0; i < 20; i++) {
          if (await row.first().evaluate((el) => el.classList.contains('focused'))) break;
          await this.page.keyboard.press('ArrowDown');
        }
        if (!(await row.first().evaluate((el) => el.classList.contains('focused')))) throw new Error(`could not focus "${title}" in the palette`);
        await this.page.keyboard.press('Enter');
        // Done when the palette closed or moved on to a follow-up quick pick.
        await this.page.waitForFunction(
          (expected) => {
            const widget = document.querySelector<HTMLElement>('.quick-input-widget');
            const box = document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input');
            return !widget || widget.style.display === 'none' || !box || box.value !== expected;
          },
          `>${title}`,
          { timeout: timeoutMs },
        );
        return;
      } catch (err) {
        lastError = err;
      }
    }
    throw new Error(`could not run "${title}" from the command palette: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
  }

  /** Escape until no quick input is showing. */
  /**
   * Types a path into VS Code's own open/save dialog (in the browser a quick input that first loads the default folder
   * and then overwrites whatever was typed, so its listing is awaited before typing) and accepts with `button`.
   */
  async enterPathInDialog(file: string, button: RegExp): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 30_000 });
    for (let attempt = 0; attempt < 3; attempt++) {
      await input.fill(file);
      const kept = await this.page
        .waitForFunction((f) => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value === f, file, { timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (kept) break;
    }
    // Accept with the dialog's own button once its listing shows the folder typed (Enter can hit a list row instead).
    const name = file.split('/').pop()!;
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: '..' }).first().waitFor({ timeout: 30_000 });
    if (existsSync(file)) {
      await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 30_000 });
    }
    await this.page.locator('.quick-input-widget .monaco-button', { hasText: button }).first().click();
  }

  async closeQuickInput(): Promise<void> {
    for (let i = 0; i < 3 && (await this.quickInput().isVisible()); i++) {
      await this.page.keyboard.press('Escape');
      await this.quickInput()
        .waitFor({ state: 'hidden', timeout: 2_000 })
        .catch(() => undefined);
    }
  }

  /**
   * Opens an external link the extension asks for and returns its new tab: `trigger` makes the request; VS Code may
   * first ask whether to open the site, which is accepted.
   */
  async followExternal(trigger: () => Promise<void>, timeoutMs = 60_000): Promise<Page> {
    const popup = this.page.context().waitForEvent('page', { timeout: timeoutMs });
    await trigger();
    const opened = await Promise.race([
      popup.then((p) => ({ kind: 'popup' as const, page: p })),
      this.page
        .locator('.monaco-dialog-box')
        .waitFor({ state: 'visible', timeout: timeoutMs })
        .then(() => ({ kind: 'dialog' as const })),
    ]);
    if (opened.kind === 'popup') return opened.page;
    await this.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ }).click();
    return popup;
  }

  /**
   * Chooses an item in the quick pick a command opened: waits for that pick (by its placeholder) so no keystroke
   * lands in the palette or the editor before it shows, filters, and presses Enter once the focused row is the
   * wanted one. `item`: a label prefix (typed as the filter), a label pattern (no filter), or `{ filter, row }`
   * to type `filter` and match `row` against the whole row (label, description, detail), e.g. a command's REST name.
   */
  async pickQuickItem(placeholder: RegExp, item: string | RegExp | { filter: string; row: RegExp }, timeoutMs = 30_000): Promise<void> {
    const box = this.quickInputBox();
    await this.page.waitForFunction(
      (source) => {
        const input = document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input');
        const widget = document.querySelector<HTMLElement>('.quick-input-widget');
        return !!input && !!widget && widget.style.display !== 'none' && new RegExp(source).test(input.placeholder ?? '');
      },
      placeholder.source,
      { timeout: timeoutMs },
    );
    const rows = this.page.locator('.quick-input-list .monaco-list-row.focused');
    let focused: Locator;
    if (typeof item === 'string' || item instanceof RegExp) {
      await box.fill(typeof item === 'string' ? item : '');
      const wanted = typeof item === 'string' ? new RegExp(`^${escapeRe(item)}`) : item;
      focused = rows.filter({ has: this.page.locator('.label-name', { hasText: wanted }) });
    } else {
      await box.fill(item.filter);
      focused = rows.filter({ hasText: item.row });
    }
    await focused.first().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.keyboard.press('Enter');
  }

  /** The visible rows of an open quick pick (labels), e.g. after a command asked the user to choose. */
  async quickPickItems(): Promise<string[]> {
    await this.quickInput().waitFor({ state: 'visible' });
    return (await this.page.locator('.quick-input-list .monaco-list-row .label-name').allTextContents()).map(norm);
  }

  // ── Activity bar and side bar ──────────────────────────────────────────────────────────────────

  /** Labels of the view containers in the activity bar ("Explorer", …, "Fleetkit"). */
  async activityBarItems(): Promise<string[]> {
    const labels = await this.page
      .locator('.part.activitybar .composite-bar li[role="tab"] a.action-label')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return labels.map((l) => l.replace(/\s*\(.*\)$/, ''));
  }

  /** Waits until a view container shows up in the activity bar (extensions' containers appear once the extension host has scanned them). */
  async waitForActivityBarItem(title: string, timeoutMs = 30_000): Promise<void> {
    await this.activityBarItem(title).waitFor({ state: 'visible', timeout: timeoutMs });
  }

  activityBarItem(title: string): Locator {
    return this.page
      .locator('.part.activitybar .composite-bar li[role="tab"]')
      .filter({ has: this.page.locator(`a.action-label[aria-label="${title}"], a.action-label[aria-label^="${title} ("]`) });
  }

  /**
   * Shows a view container: clicks its activity bar item unless it is already the active one, and waits until the
   * side bar is visible with its title. Right after a (re)load the workbench may still be restoring the side bar
   * with this container; clicking then would toggle it closed, so an active item is waited for, not clicked.
   */
  async openViewContainer(title: string, timeoutMs = 20_000): Promise<void> {
    const item = this.activityBarItem(title);
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    const want = title.toLowerCase();
    const active = async (): Promise<boolean> =>
      (await item.getAttribute('aria-selected')) === 'true' || /\bchecked\b/.test((await item.getAttribute('class')) ?? '');
    const deadline = Date.now() + timeoutMs;
    let clickedAt = 0;
    while ((await this.sideBarTitle()) !== want) {
      if (Date.now() > deadline) throw new Error(`the side bar did not show ${title} within ${timeoutMs} ms`);
      if (!(await active()) && Date.now() - clickedAt > 2_000) {
        await item.click();
        clickedAt = Date.now();
        // Move the pointer off the activity bar so its hover tooltip does not cover the screenshots.
        await this.page.mouse.move(VIEWPORT_CENTER.x, VIEWPORT_CENTER.y);
      }
      await this.page.waitForTimeout(200);
    }
  }

  /** The side bar's title, lower-cased ("fleetkit"), or '' when the side bar is hidden. */
  async sideBarTitle(): Promise<string> {
    const h2 = this.page.locator('.part.sidebar .composite.title h2');
    if (!(await h2.isVisible())) return '';
    return norm(await h2.textContent()).toLowerCase();
  }

  /** The pane of a view by its name ("Accounts & Vehicles"), in the side bar or the panel. */
  view(title: string): Locator {
    return this.page.locator('.pane').filter({
      has: this.page.locator('.pane-header h3.title', { hasText: new RegExp(`^\\s*${escapeRe(title)}\\s*$`, 'i') }),
    });
  }

  /** Expands a collapsed view. */
  async expandView(title: string): Promise<void> {
    const header = this.view(title).locator('.pane-header');
    await header.waitFor({ state: 'visible' });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await header.elementHandle());
  }

  /**
   * Reads a view's content. Waits until its body shows something (welcome content or tree rows), since a
   * view renders its welcome content only after the extension's tree provider answered.
   */
  async readView(title: string, timeoutMs = 20_000): Promise<ViewContent> {
    const pane = this.view(title);
    await pane.waitFor({ state: 'visible', timeout: timeoutMs });
    await pane.locator('.welcome-view-content p, .welcome-view-content a, .monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
    return pane.evaluate((el, viewTitle) => {
      const n = (s: string | null | undefined): string =>
        (s ?? '')
          .replace(/\u00a0/g, ' ')
          .replace(/\s+/g, ' ')
          .trim();
      const body = el.querySelector('.pane-body');
      const welcome = el.querySelector('.welcome-view-content');
      const welcomeVisible = !!welcome && (welcome as HTMLElement).offsetParent !== null;
      return {
        title: viewTitle,
        expanded: el.querySelector('.pane-header')?.getAttribute('aria-expanded') === 'true',
        text: n(body?.textContent),
        welcome: {
          paragraphs: welcomeVisible ? [...welcome.querySelectorAll('p')].map((p) => n(p.textContent)) : [],
          buttons: welcomeVisible ? [...welcome.querySelectorAll('a.monaco-button')].map((b) => n(b.textContent)) : [],
          links: welcomeVisible
            ? [...welcome.querySelectorAll('a.monaco-link')].map((a) => ({ text: n(a.textContent), href: a.getAttribute('href') ?? '' }))
            : [],
        },
        rows: [...el.querySelectorAll('.monaco-list-row')].map((r) => n(r.getAttribute('aria-label') ?? r.textContent)),
      };
    }, title);
  }

  /** Clicks a welcome-content link or button of a view by its text. */
  async clickWelcomeLink(viewTitle: string, text: string): Promise<void> {
    const welcome = this.view(viewTitle).locator('.welcome-view-content');
    await welcome
      .locator('a.monaco-button, a.monaco-link', { hasText: new RegExp(`^\\s*${escapeRe(text)}\\s*$`) })
      .first()
      .click();
  }

  /** A tree row of a view by its label (regexp or exact text). */
  treeRow(viewTitle: string, label: string | RegExp): Locator {
    const re = typeof label === 'string' ? new RegExp(`^${escapeRe(label)}`) : label;
    return this.view(viewTitle).locator('.monaco-list-row').filter({ hasText: re });
  }

  /**
   * Right-clicks a row (a tree row, a list row) and chooses a context-menu entry by its label (exact text or a
   * pattern), once the menu shows it.
   */
  async contextMenu(row: Locator, item: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const re = typeof item === 'string' ? new RegExp(`^${escapeRe(item)}$`) : item;
    await row.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu').first();
    const entry = menu
      .locator('.action-item')
      .filter({ has: this.page.locator('.action-label', { hasText: re }) })
      .first();
    await entry.waitFor({ state: 'visible', timeout: timeoutMs });
    // A click right after the menu opens can be taken for the end of the right-click and ignored; hovering focuses
    // the entry and Enter runs it, the way a keyboard user would.
    await entry.hover();
    await this.page.waitForFunction((el) => el?.classList.contains('focused') === true, await entry.elementHandle(), { timeout: timeoutMs });
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** The title of the active editor tab, e.g. "Family Y vehicle_data.json". */
  async activeEditorTitle(timeoutMs = 15_000): Promise<string> {
    const tab = this.page.locator('.tabs-container .tab.active .label-name').first();
    await tab.waitFor({ state: 'visible', timeout: timeoutMs });
    return norm(await tab.textContent());
  }

  // ── Panel: Output and Problems ─────────────────────────────────────────────────────────────────

  /** The Output panel's selected channel and its visible text (lines joined with \n). */
  async readOutput(timeoutMs = 20_000): Promise<{ channel: string; text: string }> {
    const view = this.page.locator('.part.panel .pane-body.output-view');
    await view.waitFor({ state: 'visible', timeout: timeoutMs });
    const channel = await this.page.locator('.part.panel select.monaco-select-box').first().inputValue();
    const lines = await view.locator('.view-lines .view-line').evaluateAll((els) =>
      els
        .map((e) => ({ top: parseFloat((e as HTMLElement).style.top || '0'), text: (e.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
    return { channel, text: lines.join('\n').trimEnd() };
  }

  /** Waits until the Output panel shows `channel` and its text matches `pattern`. */
  async waitForOutput(channel: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = { channel: '', text: '' };
    while (Date.now() < deadline) {
      last = await this.readOutput(Math.max(1, deadline - Date.now())).catch(() => last);
      if (last.channel === channel && pattern.test(last.text)) return last.text;
      await this.page.waitForTimeout(250); // polling the DOM: VS Code renders output lines asynchronously
    }
    throw new Error(`Output panel did not show ${pattern} in "${channel}" within ${timeoutMs} ms; it showed "${last.channel}":\n${last.text}`);
  }

  /** Opens the Problems panel (command palette) and returns its rows. */
  async problems(timeoutMs = 20_000): Promise<ProblemRow[]> {
    const panel = this.page.locator('.part.panel .markers-panel');
    if (!(await panel.isVisible())) await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await panel.waitFor({ state: 'visible', timeout: timeoutMs });
    return panel.locator('.monaco-list-row').evaluateAll((els) =>
      els.map((e) => ({
        label: (e.getAttribute('aria-label') ?? '').replace(/\s+/g, ' ').trim(),
        level: Number(e.getAttribute('aria-level') ?? '0'),
        text: (e.textContent ?? '')
          .replace(/\u00a0/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      })),
    );
  }

  // ── Notifications ──────────────────────────────────────────────────────────────────────────────

  /** Notification toasts currently showing (most recent first). */
  async notifications(): Promise<NotificationInfo[]> {
    return this.page.locator('.notifications-toasts .notification-toast-container .notification-list-item').evaluateAll((els) =>
      els.map((el) => {
        const n = (s: string | null | undefined): string =>
          (s ?? '')
            .replace(/\u00a0/g, ' ')
            .replace(/\s+/g, ' ')
            .trim();
        const icon = el.querySelector('.notification-list-item-icon')?.className ?? '';
        const severity = /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : /codicon-info/.test(icon) ? 'info' : 'unknown';
        return {
          message: n(el.querySelector('.notification-list-item-message')?.textContent),
          severity: severity as NotificationInfo['severity'],
          source: n(el.querySelector('.notification-list-item-source')?.textContent),
          buttons: [...el.querySelectorAll('.notification-list-item-buttons-container a.monaco-button')].map((b) => n(b.textContent)),
        };
      }),
    );
  }

  /** Waits for a toast whose message matches. */
  async waitForNotification(pattern: RegExp, timeoutMs = 30_000): Promise<NotificationInfo> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item', {
      has: this.page.locator('.notification-list-item-message', { hasText: pattern }),
    });
    await toast.first().waitFor({ state: 'visible', timeout: timeoutMs });
    const found = (await this.notifications()).find((n) => pattern.test(n.message));
    if (!found) throw new Error(`notification ${pattern} disappeared before it could be read`);
    return found;
  }

  /** Clicks a button ("Open", "Retry"…) on the toast whose message matches. */
  async clickNotificationButton(pattern: RegExp, button: string): Promise<void> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item', {
      has: this.page.locator('.notification-list-item-message', { hasText: pattern }),
    });
    await toast.first().locator('a.monaco-button', { hasText: button }).click();
  }

  // ── Webviews ───────────────────────────────────────────────────────────────────────────────────

  /**
   * The content frame of a webview (panel or view) of an extension, once it contains `selector`.
   * VS Code nests it: iframe.webview (host, url has extensionId=…) → iframe#active-frame (the extension's HTML).
   */
  async webview(options: { extensionId?: string; selector: string; timeoutMs?: number }): Promise<Frame> {
    const extensionId = options.extensionId ?? 'fleetkit.fleetkit';
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      for (const host of this.page.frames()) {
        if (!host.url().includes(`extensionId=${encodeURIComponent(extensionId)}`)) continue;
        for (const inner of host.childFrames()) {
          const hit = await inner.$(options.selector).catch(() => null);
          if (hit) return inner;
        }
      }
      await this.page.waitForTimeout(250); // frames attach asynchronously; there is no single selector to wait on
    }
    throw new Error(`no webview of ${extensionId} contains ${options.selector}`);
  }

  // ── Misc ───────────────────────────────────────────────────────────────────────────────────────

  /** Status-bar entries' texts. */
  async statusBarItems(): Promise<string[]> {
    return (await this.page.locator('.part.statusbar .statusbar-item').allTextContents()).map(norm).filter(Boolean);
  }

  /** Opens a file of the workspace by name through Quick Open (Ctrl+P). */
  async openFile(relativePath: string, timeoutMs = 20_000): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+P');
    await this.quickInputBox().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.keyboard.type(relativePath, { delay: 5 });
    const base = relativePath.split('/').pop() ?? relativePath;
    await this.page.locator('.quick-input-list .monaco-list-row.focused .label-name', { hasText: base }).first().waitFor({ timeout: timeoutMs });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tabs-container .tab[data-resource-name="${base}"]`).first().waitFor({ state: 'visible', timeout: timeoutMs });
  }
}
