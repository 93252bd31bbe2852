import * as vscode from 'vscode';

const keyFor = (clientId: string) => `fleetkit.tesla.clientSecret/${clientId}`;

/** The developer app's client secret: asked once (password box), kept only in SecretStorage, per client id. */
export class ClientSecretStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(clientId: string): Thenable<string | undefined> {
    return this.secrets.get(keyFor(clientId));
  }

  async getOrAsk(clientId: string): Promise<string> {
    const known = await this.get(clientId);
    if (known) return known;
    const entered = await vscode.window.showInputBox({
      title: 'Tesla client secret',
      prompt: `The client secret of your developer.tesla.com application (client id ${clientId}). It is stored only in VS Code's secret storage.`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length < 8 ? 'That does not look like a client secret.' : undefined),
    });
    if (!entered) throw new vscode.CancellationError();
    await this.secrets.store(keyFor(clientId), entered.trim());
    return entered.trim();
  }

  set(clientId: string, secret: string): Thenable<void> {
    return this.secrets.store(keyFor(clientId), secret);
  }

  forget(clientId: string): Thenable<void> {
    return this.secrets.delete(keyFor(clientId));
  }
}
