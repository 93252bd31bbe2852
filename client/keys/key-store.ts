/**
 * The command key: a P-256 private key kept only in SecretStorage (as SEC1 PEM). Other features read the key
 * (to sign) and its fingerprint (to show) through this store; nothing here writes it anywhere else.
 */
import type { KeyObject } from 'node:crypto';
import * as vscode from 'vscode';
import { exportPrivateKeyPem, importPrivateKeyPem, keyFingerprint } from '../../core/keys';

export const COMMAND_KEY_SECRET = 'fleetkit.commandKey';

export interface CommandKeyInfo {
  key: KeyObject;
  fingerprint: { full: string; short: string };
}

export class CommandKeyStore implements vscode.Disposable {
  private cached: Promise<CommandKeyInfo | undefined> | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the key is generated, imported or removed (in this or another window). */
  readonly onDidChange = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.sub = secrets.onDidChange((e) => {
      if (e.key !== COMMAND_KEY_SECRET) return;
      this.cached = undefined;
      this.emitter.fire();
    });
  }

  /** The key, or undefined if none is stored. A stored value that no longer parses is reported, not hidden. */
  get(): Promise<CommandKeyInfo | undefined> {
    this.cached ??= (async () => {
      const pem = await this.secrets.get(COMMAND_KEY_SECRET);
      if (!pem) return undefined;
      const key = importPrivateKeyPem(pem);
      return { key, fingerprint: keyFingerprint(key) };
    })();
    const current = this.cached;
    current.catch(() => {
      if (this.cached === current) this.cached = undefined;
    });
    return current;
  }

  async set(key: KeyObject): Promise<CommandKeyInfo> {
    await this.secrets.store(COMMAND_KEY_SECRET, exportPrivateKeyPem(key));
    const info = { key, fingerprint: keyFingerprint(key) };
    this.cached = Promise.resolve(info);
    this.emitter.fire();
    return info;
  }

  async delete(): Promise<void> {
    await this.secrets.delete(COMMAND_KEY_SECRET);
    this.cached = Promise.resolve(undefined);
    this.emitter.fire();
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
