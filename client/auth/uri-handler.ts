import * as vscode from 'vscode';

/** The extension's single UriHandler; sign-in flows listen for their callback on it. */
export class UriEventHandler extends vscode.EventEmitter<vscode.Uri> implements vscode.UriHandler {
  handleUri(uri: vscode.Uri): void {
    this.fire(uri);
  }
}

/** Path of the sign-in callback under `<scheme>://<extension id>`. */
export const CALLBACK_PATH = '/did-authenticate';
