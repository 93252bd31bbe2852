import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  NotificationType,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { VEHICLE_FIRMWARE_NOTIFICATION, type VehicleFirmwareParams } from '../../../core/messages/language-server';

/** `fleetkit/vehicleFirmware` as the extension sends it (core/messages/language-server.ts), typed for this connection. */
export const VehicleFirmwareNotification = new NotificationType<VehicleFirmwareParams>(VEHICLE_FIRMWARE_NOTIFICATION.method);

export const ROOT = join(__dirname, '../../..');

/** Builds the bundles once per run (the tests exercise dist/, exactly what ships). */
let built = false;
export function buildBundles(): void {
  if (built) return;
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

export interface LspSession {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  /** Resolves with the next diagnostics for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  stderr(): string;
  close(): Promise<number | null>;
}

/** Spawns `node <args…>` and speaks LSP to it over stdio with a real client connection. */
export async function startSession(args: string[], initializationOptions: unknown = { debounceMs: 50 }): Promise<LspSession> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const seen: PublishDiagnosticsParams[] = [];
  const waiters: Array<{ uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    seen.push(params);
    for (const w of [...waiters]) {
      if (w.uri === params.uri && w.accept(params)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
    }
  });
  connection.listen();
  const died = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`language server exited with ${code} before initializing: ${stderr}`))),
  );
  await Promise.race([
    connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions }),
    died,
  ]);
  died.catch(() => undefined);
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    child,
    diagnostics(uri, accept = () => true) {
      return new Promise((resolve) => {
        const earlier = seen.filter((p) => p.uri === uri && accept(p));
        if (earlier.length) return resolve(earlier[earlier.length - 1]);
        waiters.push({ uri, accept, resolve });
      });
    },
    stderr: () => stderr,
    async close() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        child.kill();
      }
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
