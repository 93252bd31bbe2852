/**
 * Shows any Fleetkit error the same way everywhere (vehicles tree, Send Command, Push Telemetry Config): core's
 * describeError gives the sentence and the actions; this turns the actions into buttons and runs the ones that need no
 * context. Actions that need the caller's context (wake this car, edit these parameters, …) are passed in as handlers;
 * an action without a handler is not offered.
 */
import * as vscode from 'vscode';
import { describeError, type ErrorAction, type ErrorContext, type ErrorDescription } from '../../core/errors/describe-error';

export const ACTION_LABELS: Readonly<Record<ErrorAction, string>> = {
  signIn: 'Sign In Again',
  registerPartner: 'Register Partner Domain',
  wake: 'Wake…',
  pair: 'Open Pairing Page',
  copyPublicKey: 'Copy Public Key',
  fixParams: 'Edit Parameters',
  retry: 'Retry',
  checkState: 'Check Vehicle State',
  useSignedTransport: 'Use Signed Commands',
  importKey: 'Import Command Key',
  startSimulator: 'Start Simulator',
  showLog: 'Show Log',
};

const PARTNER_DOCS = 'https://developer.tesla.com/docs/fleet-api/endpoints/partner-endpoints#register';

const COMMON: Partial<Record<ErrorAction, () => Thenable<unknown>>> = {
  signIn: () => vscode.commands.executeCommand('fleetkit.signIn'),
  registerPartner: async () => {
    const all = await vscode.commands.getCommands(true);
    if (all.includes('fleetkit.registerPartnerDomain')) return vscode.commands.executeCommand('fleetkit.registerPartnerDomain');
    return vscode.env.openExternal(vscode.Uri.parse(PARTNER_DOCS));
  },
  useSignedTransport: () => vscode.workspace.getConfiguration('fleetkit').update('commands.transport', 'native', vscode.ConfigurationTarget.Global),
  importKey: () => vscode.commands.executeCommand('fleetkit.importCommandKey'),
  startSimulator: () => vscode.commands.executeCommand('fleetkit.startSimulator'),
  showLog: () => vscode.commands.executeCommand('fleetkit.showLog'),
};

export type ActionHandlers = Partial<Record<ErrorAction, () => Thenable<unknown> | Promise<unknown>>>;

export interface ShowErrorOptions {
  context?: ErrorContext;
  /** Put before the message, e.g. "door_lock to Commuter failed:". */
  prefix?: string;
  /** Replaces the message (e.g. the pairing sentence with the link the user will open). */
  message?: (d: ErrorDescription) => string;
  handlers?: ActionHandlers;
  /** Buttons only this caller can offer (e.g. a one-step fix for the simulator), placed right after the action `after`. */
  extraActions?: ReadonlyArray<{ label: string; after?: ErrorAction; run: () => Thenable<unknown> | Promise<unknown> }>;
  severity?: 'error' | 'warning';
  /** Called with the description before the message shows (write the log line there: the message waits for a click). */
  log?: (d: ErrorDescription) => void;
}

/** Shows the error with its buttons and runs the one picked; resolves with the description (for logs). */
export async function showError(err: unknown, options: ShowErrorOptions = {}): Promise<ErrorDescription> {
  const d = describeError(err, options.context);
  options.log?.(d);
  const handlers: ActionHandlers = { ...COMMON, ...options.handlers };
  const actions = d.actions.filter((a) => handlers[a]);
  const text = options.message?.(d) ?? `${options.prefix ? `${options.prefix} ` : ''}${d.message}`;
  const show = options.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const labels: string[] = actions.map((a) => ACTION_LABELS[a]);
  for (const extra of options.extraActions ?? []) {
    const at = extra.after ? labels.indexOf(ACTION_LABELS[extra.after]) : -1;
    labels.splice(at >= 0 ? at + 1 : labels.length, 0, extra.label);
  }
  const picked = await show(`Fleetkit: ${text}`, ...labels);
  const extra = options.extraActions?.find((e) => e.label === picked);
  if (extra) {
    await extra.run();
    return d;
  }
  const action = actions.find((a) => ACTION_LABELS[a] === picked);
  if (action) await handlers[action]?.();
  return d;
}
