/**
 * Multi-step quick input: one title, "n/total" in it, a Back button from the second step on, answers kept when going
 * back. The step stack is client/ui/flow.ts; this file only draws the prompts.
 *
 *   await MultiStepInput.run('Send Command', () => total, (input) => async () => { v = await input.pick(…); return next; });
 */
import * as vscode from 'vscode';
import { FlowSignal, runSteps, type Step } from './flow';

/** What validate may answer: an error (blocks Enter), a warning (`severity` 2, shown but accepted) or nothing. */
export type Validation = string | { readonly message: string; readonly severity: 2 } | undefined;

export type PickItem<T> = vscode.QuickPickItem & { readonly value?: T };

export interface PickOptions<T> {
  readonly placeholder: string;
  readonly items: ReadonlyArray<PickItem<T>>;
  /** The item to start on (e.g. the current or previous answer). */
  readonly active?: (value: T) => boolean;
  readonly matchOnDescription?: boolean;
  readonly matchOnDetail?: boolean;
  /** A title-bar button (a codicon) that ends the pick with BUTTON instead of an item (e.g. "Enter VINs…"). */
  readonly button?: { readonly icon: string; readonly tooltip: string };
}

export interface ManyOptions<T> extends PickOptions<T> {
  /** Items checked at the start. */
  readonly checked?: (value: T) => boolean;
  /** Values from the filter text when Enter is pressed with nothing checked (undefined or [] = keep the pick open). */
  readonly typed?: (text: string) => T[] | undefined;
}

export interface InputOptions {
  readonly prompt: string;
  readonly placeholder?: string;
  readonly value?: string;
  readonly password?: boolean;
  readonly validate?: (value: string) => Validation;
}

/** The pick ended on the title-bar button rather than an item. */
export const BUTTON = Symbol('button');

export class MultiStepInput {
  private step = 1;
  private current: vscode.QuickInput | undefined;

  private constructor(
    private readonly title: string | (() => string),
    private readonly totalSteps: () => number,
  ) {}

  /** Runs the flow; true when it completed, false when the user cancelled. `title` may follow the answers so far. */
  static async run(title: string | (() => string), totalSteps: () => number, start: (input: MultiStepInput) => Step): Promise<boolean> {
    const input = new MultiStepInput(title, totalSteps);
    try {
      return await runSteps(start(input), (n) => (input.step = n));
    } finally {
      input.current?.dispose();
    }
  }

  /** One item; throws FlowSignal.back / .cancel. With `button`, resolves to BUTTON when it is pressed. */
  pick<T>(options: PickOptions<T> & { button: NonNullable<PickOptions<T>['button']> }): Promise<T | typeof BUTTON>;
  pick<T>(options: PickOptions<T>): Promise<T>;
  pick<T>(options: PickOptions<T>): Promise<T | typeof BUTTON> {
    return this.pickImpl(options, false).then((r) => (r === BUTTON ? r : r[0]!));
  }

  /**
   * Several items (check boxes). Enter with none checked asks `typed` about the filter text (e.g. VINs typed in) and
   * resolves to what it returns; otherwise the pick stays open.
   */
  pickMany<T>(options: ManyOptions<T>): Promise<T[] | typeof BUTTON> {
    return this.pickImpl(options, true);
  }

  private pickImpl<T>(options: ManyOptions<T>, many: boolean): Promise<T[] | typeof BUTTON> {
    const qp = vscode.window.createQuickPick<PickItem<T>>();
    this.frame(qp);
    qp.placeholder = options.placeholder;
    qp.canSelectMany = many;
    qp.matchOnDescription = options.matchOnDescription ?? false;
    qp.matchOnDetail = options.matchOnDetail ?? false;
    qp.items = options.items;
    const selectable = options.items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator && i.value !== undefined);
    const active = options.active ? selectable.find((i) => options.active!(i.value as T)) : undefined;
    if (active && !many) qp.activeItems = [active];
    if (many && options.checked) qp.selectedItems = selectable.filter((i) => options.checked!(i.value as T));
    const custom = options.button ? { iconPath: new vscode.ThemeIcon(options.button.icon), tooltip: options.button.tooltip } : undefined;
    qp.buttons = [...(this.step > 1 ? [vscode.QuickInputButtons.Back] : []), ...(custom ? [custom] : [])];
    return this.settle<T[] | typeof BUTTON>(qp, (resolve) => [
      qp.onDidTriggerButton((b) => (b === vscode.QuickInputButtons.Back ? resolve(FlowSignal.back) : b === custom ? resolve(BUTTON) : undefined)),
      qp.onDidAccept(() => {
        const picked = (many ? qp.selectedItems : qp.activeItems.slice(0, 1)).filter((i) => i.value !== undefined);
        if (picked.length) return resolve(picked.map((i) => i.value as T));
        const typed = many ? options.typed?.(qp.value) : undefined;
        if (typed?.length) resolve(typed);
      }),
    ]);
  }

  /** Text; Enter is blocked while `validate` answers an error string. Throws FlowSignal.back / .cancel. */
  input(options: InputOptions): Promise<string> {
    const box = vscode.window.createInputBox();
    this.frame(box);
    box.prompt = options.prompt;
    box.placeholder = options.placeholder;
    box.value = options.value ?? '';
    box.password = options.password ?? false;
    box.buttons = this.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    const check = (v: string): Validation => options.validate?.(v);
    box.validationMessage = box.value ? asMessage(check(box.value)) : undefined;
    return this.settle<string>(box, (resolve) => [
      box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && resolve(FlowSignal.back)),
      box.onDidChangeValue((v) => (box.validationMessage = asMessage(check(v)))),
      box.onDidAccept(() => {
        const result = check(box.value);
        box.validationMessage = asMessage(result);
        if (typeof result !== 'string') resolve(box.value);
      }),
    ]);
  }

  private frame(input: vscode.QuickInput): void {
    const total = Math.max(this.totalSteps(), this.step);
    input.title = typeof this.title === 'string' ? this.title : this.title();
    input.step = total > 1 ? this.step : undefined;
    input.totalSteps = total > 1 ? total : undefined;
    input.ignoreFocusOut = true;
  }

  /** Shows `input` in place of the previous one; resolves or rejects once, with hide = cancel. */
  private settle<R>(input: vscode.QuickInput, wire: (resolve: (r: R | FlowSignal) => void) => vscode.Disposable[]): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let done = false;
      const subs: vscode.Disposable[] = [];
      const finish = (r: R | FlowSignal): void => {
        if (done) return;
        done = true;
        for (const s of subs) s.dispose();
        if (r instanceof FlowSignal) reject(r);
        else resolve(r);
      };
      subs.push(
        ...wire(finish),
        input.onDidHide(() => finish(FlowSignal.cancel)),
      );
      const previous = this.current;
      this.current = input;
      input.show();
      // Disposed after the new one shows, so the quick input widget does not close and reopen between steps.
      previous?.dispose();
    });
  }
}

function asMessage(v: Validation): string | vscode.InputBoxValidationMessage | undefined {
  if (v === undefined || typeof v === 'string') return v;
  return { message: v.message, severity: vscode.InputBoxValidationSeverity.Warning };
}
