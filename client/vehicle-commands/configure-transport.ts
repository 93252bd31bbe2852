/**
 * `Fleetkit: Configure Command Transport…`: a keyboard-first way to the three transport settings — native signing,
 * a tesla-http-proxy (its URL and which certificate to trust for it, checked before anything is saved), or legacy REST.
 */
import * as vscode from 'vscode';
import { splitPemCertificates } from '../../core/certs/pem-certificates';
import type { CommandTransportKind } from '../../core/command-protocol/factory';
import type { FleetkitContext } from '../context';
import { checkProxyUrl } from '../proxy/proxy-url';
import { readCommandSettings } from './settings';

interface TransportItem extends vscode.QuickPickItem {
  transport: CommandTransportKind;
}

interface TrustItem extends vscode.QuickPickItem {
  trust: 'keep' | 'file' | 'system';
}

export function registerConfigureTransport(ctx: FleetkitContext): void {
  const log = ctx.log.child('commands');

  const configure = async (): Promise<void> => {
    const current = readCommandSettings();
    const mark = (kind: CommandTransportKind): string => (current.transport === kind ? 'current' : '');
    const items: TransportItem[] = [
      {
        transport: 'native',
        label: 'Native signing',
        description: mark('native'),
        detail: 'Fleetkit signs commands with your command key (Vehicle Command Protocol) and sends them to Fleet API.',
      },
      {
        transport: 'proxy',
        label: 'tesla-http-proxy',
        description: mark('proxy'),
        detail: 'Send REST commands to a tesla-http-proxy you run; it signs them with its own key.',
      },
      {
        transport: 'rest',
        label: 'Legacy REST',
        description: mark('rest'),
        detail: 'Unsigned REST commands: pre-2021 Model S/X only (other vehicles answer 403).',
      },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Command transport', placeHolder: 'How commands reach the vehicle' });
    if (!picked) return;
    const config = vscode.workspace.getConfiguration('fleetkit');
    const global = vscode.ConfigurationTarget.Global;
    if (picked.transport !== 'proxy') {
      await config.update('commands.transport', picked.transport, global);
      log.info(`command transport: ${picked.transport}`);
      void vscode.window.showInformationMessage(`Fleetkit: commands now use ${picked.label.toLowerCase()}.`);
      return;
    }

    const typed = await vscode.window.showInputBox({
      title: 'tesla-http-proxy: URL',
      prompt: 'Base URL of your tesla-http-proxy (https://, or http:// on a loopback host)',
      value: current.proxyUrl || 'https://localhost:4443',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const checked = checkProxyUrl(v);
        return 'problem' in checked ? `The URL ${checked.problem}` : undefined;
      },
    });
    if (typed === undefined) return;
    const checked = checkProxyUrl(typed);
    if ('problem' in checked) return;
    let caFile = current.proxyCaFile;
    if (checked.url.startsWith('https:')) {
      const trustItems: TrustItem[] = [
        {
          trust: 'file',
          label: 'Its certificate file…',
          detail: 'tesla-http-proxy usually serves a self-signed certificate: trust exactly the certificate(s) in a PEM file.',
        },
        { trust: 'system', label: 'System roots', detail: "The proxy's certificate comes from a CA the system already trusts." },
      ];
      if (current.proxyCaFile) trustItems.unshift({ trust: 'keep', label: `Keep ${current.proxyCaFile}`, detail: 'The certificate file set now.' });
      const trust = await vscode.window.showQuickPick(trustItems, {
        title: 'tesla-http-proxy: trust',
        placeHolder: 'Which certificate to trust for the proxy',
      });
      if (!trust) return;
      if (trust.trust === 'system') caFile = '';
      if (trust.trust === 'file') {
        const file = (
          await vscode.window.showOpenDialog({
            canSelectMany: false,
            openLabel: 'Trust this certificate',
            title: 'The certificate tesla-http-proxy serves (PEM)',
            filters: { 'PEM certificates': ['pem', 'crt', 'cer'], 'All files': ['*'] },
          })
        )?.[0];
        if (!file) return;
        try {
          splitPemCertificates(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'), file.fsPath);
        } catch (err) {
          void vscode.window.showErrorMessage(`Fleetkit: nothing was changed: ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
        caFile = file.fsPath;
      }
    }
    await config.update('commands.transport', 'proxy', global);
    await config.update('commands.proxyUrl', checked.url, global);
    await config.update('commands.proxyCaFile', caFile, global);
    const trusting = checked.url.startsWith('https:') ? (caFile ? `, trusting ${caFile}` : ', trusting the system roots') : '';
    log.info(`command transport: tesla-http-proxy at ${checked.url}${trusting}`);
    void vscode.window.showInformationMessage(`Fleetkit: commands now go through tesla-http-proxy at ${checked.url}${trusting}.`);
  };

  ctx.extension.subscriptions.push(vscode.commands.registerCommand('fleetkit.configureCommandTransport', configure));
}
