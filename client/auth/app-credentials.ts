/**
 * `Fleetkit: Set App Credentials…`: the developer.tesla.com app's client id (a setting) and client secret (SecretStorage
 * only), as one two-step input with a step count and Back. The doctor's "App credentials" item runs it.
 */
import * as vscode from 'vscode';
import { clientIdProblem } from '../../core/oauth/client-id';
import type { ClientSecretStore } from './client-secret';

type StepResult = { value: string } | 'back' | undefined;

function ask(
  step: number,
  options: { title: string; prompt: string; value: string; password?: boolean; validate: (v: string) => string | undefined },
): Promise<StepResult> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.step = step;
    box.totalSteps = 2;
    box.prompt = options.prompt;
    box.value = options.value;
    box.password = options.password ?? false;
    box.ignoreFocusOut = true;
    if (step > 1) box.buttons = [vscode.QuickInputButtons.Back];
    let done = false;
    const finish = (r: StepResult): void => {
      if (done) return;
      done = true;
      resolve(r);
      box.dispose();
    };
    box.onDidChangeValue((v) => (box.validationMessage = v ? options.validate(v) : undefined));
    box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish('back'));
    box.onDidAccept(() => {
      const problem = options.validate(box.value);
      if (problem) box.validationMessage = problem;
      else finish({ value: box.value.trim() });
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}

/** Runs the two steps; true when both were saved. */
export async function setAppCredentials(secrets: ClientSecretStore): Promise<boolean> {
  const config = vscode.workspace.getConfiguration('fleetkit');
  let clientId = (config.get<string>('auth.clientId') ?? '').trim();
  for (let step = 1; step <= 2;) {
    if (step === 1) {
      const r = await ask(1, {
        title: 'Set App Credentials: Client ID',
        prompt: 'The Client ID of your app at developer.tesla.com (saved as fleetkit.auth.clientId)',
        value: clientId,
        validate: clientIdProblem,
      });
      if (!r || r === 'back') return false;
      clientId = r.value;
      step = 2;
    } else {
      const r = await ask(2, {
        title: 'Set App Credentials: Client Secret',
        prompt: `The Client Secret of that app. It is stored only in VS Code's secret storage, never in settings.`,
        value: '',
        password: true,
        validate: (v) => (v.trim().length < 8 ? 'That does not look like a client secret.' : undefined),
      });
      if (r === undefined) return false;
      if (r === 'back') {
        step = 1;
        continue;
      }
      await config.update('auth.clientId', clientId, vscode.ConfigurationTarget.Global);
      await secrets.set(clientId, r.value);
      return true;
    }
  }
  return false;
}
