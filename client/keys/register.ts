import { readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { exportPublicKeyPem, generatePrivateKey, importPrivateKeyPem, KeyFormatError } from '../../core/keys';
import type { FleetkitContext } from '../context';
import { CommandKeyStore, type CommandKeyInfo } from './key-store';

/** Where Tesla fetches the public key from on the partner domain. */
const HOSTED_NAME = 'com.tesla.3p.public-key.pem';

/**
 * Command keys: Generate / Import / Export Public Key / Show Command Key. The private key lives only in
 * SecretStorage; the output channel gets the fingerprint and the public key (not secret), never the private key.
 * Returns the key store, for the features that sign or show the key.
 */
export function registerKeys(ctx: FleetkitContext): CommandKeyStore {
  const log = ctx.log.child('keys');
  const store = new CommandKeyStore(ctx.extension.secrets);

  const announce = (info: CommandKeyInfo, how: string): void => {
    log.info(`Command key ${how}: fingerprint ${info.fingerprint.short} (SHA-256 of the public point ${info.fingerprint.full})`);
    log.info(`Public key (host it at https://<your domain>/.well-known/appspecific/${HOSTED_NAME}):\n${exportPublicKeyPem(info.key).trim()}`);
  };

  const updateContext = async (): Promise<void> => {
    const info = await store.get().catch(() => undefined);
    ctx.progress.update({ commandKeyReady: !!info });
  };

  /** True when there is no key yet or the user agrees to replace it. */
  const confirmReplace = async (): Promise<boolean> => {
    const existing = await store.get().catch(() => undefined);
    if (!existing) return true;
    const replace = 'Replace';
    const answer = await vscode.window.showWarningMessage(
      `Replace the command key ${existing.fingerprint.short}? Vehicles paired with it will need the new key paired, and the hosted public key must be updated.`,
      { modal: true },
      replace,
    );
    return answer === replace;
  };

  const afterNewKey = async (info: CommandKeyInfo, how: string): Promise<void> => {
    announce(info, how);
    const exportIt = 'Export Public Key';
    const send = 'Send Command…';
    const picked = await vscode.window.showInformationMessage(
      `Fleetkit: command key ${how} (${info.fingerprint.short}). Pair it with a vehicle, then send a command.`,
      exportIt,
      send,
    );
    if (picked === exportIt) await vscode.commands.executeCommand('fleetkit.exportPublicKey');
    if (picked === send) await vscode.commands.executeCommand('fleetkit.sendCommand');
  };

  const generate = async (): Promise<void> => {
    if (!(await confirmReplace())) return;
    const info = await store.set(generatePrivateKey());
    await afterNewKey(info, 'generated');
  };

  const importKey = async (uri?: vscode.Uri): Promise<void> => {
    const file =
      uri instanceof vscode.Uri
        ? uri
        : (
            await vscode.window.showOpenDialog({
              canSelectMany: false,
              openLabel: 'Import command key',
              title: 'Import a P-256 private key (SEC1 "EC PRIVATE KEY" or unencrypted PKCS#8 "PRIVATE KEY")',
              filters: { 'PEM keys': ['pem', 'key'], 'All files': ['*'] },
            })
          )?.[0];
    if (!file) return;
    let key;
    try {
      const text = file.scheme === 'file' ? await readFile(file.fsPath, 'utf8') : Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
      key = importPrivateKeyPem(text);
    } catch (err) {
      const why = err instanceof KeyFormatError ? err.message : `could not read ${file.fsPath}: ${err instanceof Error ? err.message : String(err)}`;
      log.warn(`Import Command Key failed: ${why}`);
      void vscode.window.showErrorMessage(`Fleetkit: the key was not imported (the current key is unchanged): ${why}`);
      return;
    }
    if (!(await confirmReplace())) return;
    const info = await store.set(key);
    await afterNewKey(info, `imported from ${file.fsPath}`);
  };

  const requireKey = async (): Promise<CommandKeyInfo | undefined> => {
    let info: CommandKeyInfo | undefined;
    try {
      info = await store.get();
    } catch (err) {
      void vscode.window.showErrorMessage(
        `Fleetkit: the stored command key is unreadable (${err instanceof Error ? err.message : String(err)}). Generate or import a new one.`,
      );
      return undefined;
    }
    if (info) return info;
    const gen = 'Generate Command Key';
    const imp = 'Import Command Key';
    const picked = await vscode.window.showWarningMessage('Fleetkit: there is no command key yet.', gen, imp);
    if (picked === gen) await generate();
    if (picked === imp) await importKey();
    return store.get().catch(() => undefined);
  };

  const exportPublic = async (): Promise<void> => {
    const info = await requireKey();
    if (!info) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: `Save the public key to host at /.well-known/appspecific/${HOSTED_NAME}`,
      saveLabel: 'Export public key',
      filters: { PEM: ['pem'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, HOSTED_NAME) } : {}),
    });
    if (!target) return;
    const pem = exportPublicKeyPem(info.key);
    if (target.scheme === 'file') await writeFile(target.fsPath, pem, { mode: 0o644 });
    else await vscode.workspace.fs.writeFile(target, Buffer.from(pem, 'utf8'));
    log.info(`Public key ${info.fingerprint.short} exported to ${target.fsPath}`);
    const open = 'Open';
    const picked = await vscode.window.showInformationMessage(
      `Fleetkit: public key ${info.fingerprint.short} saved. Host it at https://<your domain>/.well-known/appspecific/${HOSTED_NAME}.`,
      open,
    );
    if (picked === open) await vscode.window.showTextDocument(target);
  };

  const show = async (): Promise<void> => {
    const info = await requireKey();
    if (!info) return;
    type Item = vscode.QuickPickItem & { run?: () => Thenable<unknown> };
    const items: Item[] = [
      {
        label: `$(key) ${info.fingerprint.short}`,
        description: 'fingerprint (SHA-256 of the public key point)',
        detail: info.fingerprint.full,
        run: () => vscode.env.clipboard.writeText(info.fingerprint.full),
      },
      { label: 'Copy public key (PEM)', run: () => vscode.env.clipboard.writeText(exportPublicKeyPem(info.key)) },
      { label: 'Export Public Key…', run: () => vscode.commands.executeCommand('fleetkit.exportPublicKey') },
      { label: 'Send Command…', run: () => vscode.commands.executeCommand('fleetkit.sendCommand') },
      { label: 'Generate a new key…', run: () => generate() },
      { label: 'Import a key…', run: () => importKey() },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Fleetkit command key', placeHolder: 'Enter on the fingerprint copies it' });
    await picked?.run?.();
  };

  ctx.extension.subscriptions.push(
    store,
    store.onDidChange(() => void updateContext()),
    vscode.commands.registerCommand('fleetkit.generateCommandKey', generate),
    vscode.commands.registerCommand('fleetkit.importCommandKey', importKey),
    vscode.commands.registerCommand('fleetkit.exportPublicKey', exportPublic),
    vscode.commands.registerCommand('fleetkit.showCommandKey', show),
  );
  void updateContext();
  return store;
}
