import * as vscode from 'vscode';
import { parseHttpFile } from '../../core/api-request/http-file';
import { sendLensTitle } from './lens-title';

/** Send and Copy as curl above every request of a `.tesla.http` file. */
export class RequestCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const file = parseHttpFile(document.getText());
    return file.requests.flatMap((r) => {
      const range = new vscode.Range(r.line, 0, r.line, 0);
      const args = [document.uri, r.line];
      return [
        new vscode.CodeLens(range, {
          title: sendLensTitle(r.method, r.target),
          command: 'fleetkit.sendRequest',
          arguments: args,
          tooltip: 'Send with the signed-in account',
        }),
        new vscode.CodeLens(range, {
          title: 'Copy as curl',
          command: 'fleetkit.copyRequestAsCurl',
          arguments: args,
          tooltip: 'The token as $TESLA_TOKEN, never the real one',
        }),
      ];
    });
  }
}
