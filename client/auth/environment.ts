import { readFile } from 'node:fs/promises';
import { Agent, type Dispatcher } from 'undici';
import * as vscode from 'vscode';
import { applyOverrides, TESLA_ENDPOINTS, type Endpoints } from '../../core/config/environments';
import { simulatorEndpoints, type SimulatorReady } from '../../core/messages/simulator-ready';
import { readAuthSettings } from './settings';

/** Where sign-in and API calls go right now: Tesla, or the simulator this window started or attached to. */
export interface ResolvedEnvironment {
  readonly endpoints: Endpoints;
  /** Carries the simulator CA; undefined = system trust store (Tesla). */
  readonly dispatcher: Dispatcher | undefined;
  /** Only for the simulator: its app's credentials and allowed redirect URIs (memory only). */
  readonly simulator: SimulatorReady | undefined;
}

/**
 * Holds the simulator connection in memory and resolves the current endpoints from settings.
 * The simulator's CA is trusted only through the dispatcher handed to Fleetkit's own requests, never globally.
 */
export class Environments implements vscode.Disposable {
  private simulator: { ready: SimulatorReady; dispatcher: Dispatcher | undefined } | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Set by the simulator feature: a simulator that answers (probed; started or attached when none does). */
  ensureSimulator: (() => Promise<SimulatorReady>) | undefined;
  /** Set by the simulator feature: probes the linked simulator after a call to it failed, and says so if it is gone. */
  checkSimulator: (() => Promise<void>) | undefined;
  private absence: string | undefined;

  /** `absent`: why there is no simulator now (detached, stopped, not answering), for the accounts that need one. */
  async setSimulator(ready: SimulatorReady | undefined, absent?: string): Promise<void> {
    const old = this.simulator;
    this.absence = ready ? undefined : absent;
    if (ready) {
      const ca = ready.ca ? await readFile(ready.ca, 'utf8') : undefined;
      this.simulator = { ready, dispatcher: ca ? new Agent({ connect: { ca } }) : undefined };
    } else {
      this.simulator = undefined;
    }
    if (old?.dispatcher) void old.dispatcher.close().catch(() => undefined);
    this.changed.fire();
  }

  get simulatorReady(): SimulatorReady | undefined {
    return this.simulator?.ready;
  }

  /** Why no simulator is linked, in a sentence (undefined while one is, or when the simulator feature said nothing). */
  get simulatorAbsence(): string | undefined {
    return this.simulator ? undefined : this.absence;
  }

  /** The environment for the current settings; for `simulator`, undefined until one is running. */
  current(): ResolvedEnvironment | undefined {
    const s = readAuthSettings();
    const overrides = { fleetBaseUrl: s.fleetBaseUrl || undefined, authBaseUrl: s.authBaseUrl || undefined };
    if (s.environment === 'tesla') return { endpoints: applyOverrides(TESLA_ENDPOINTS, overrides), dispatcher: undefined, simulator: undefined };
    if (!this.simulator) return undefined;
    return {
      endpoints: applyOverrides(simulatorEndpoints(this.simulator.ready), overrides),
      dispatcher: this.simulator.dispatcher,
      simulator: this.simulator.ready,
    };
  }

  /**
   * Like {@link current}; when the simulator is the selected environment, one that answers (a linked simulator is
   * probed first, and one is started or attached when none answers).
   */
  async require(): Promise<ResolvedEnvironment> {
    const now = this.current();
    if (now && !now.simulator) return now;
    if (!this.ensureSimulator) {
      if (now) return now;
      throw new Error('The local simulator is not running. Run "Fleetkit: Start Local Simulator" first.');
    }
    await this.ensureSimulator();
    const after = this.current();
    if (!after) throw new Error('The local simulator did not start.');
    return after;
  }

  /** Endpoints + dispatcher for a session minted in `environment` (refresh must go where the token came from). */
  forSession(environment: string): ResolvedEnvironment | undefined {
    if (environment === 'tesla') {
      const s = readAuthSettings();
      return {
        endpoints: applyOverrides(TESLA_ENDPOINTS, { fleetBaseUrl: s.fleetBaseUrl || undefined, authBaseUrl: s.authBaseUrl || undefined }),
        dispatcher: undefined,
        simulator: undefined,
      };
    }
    if (environment === 'simulator' && this.simulator) {
      return { endpoints: simulatorEndpoints(this.simulator.ready), dispatcher: this.simulator.dispatcher, simulator: this.simulator.ready };
    }
    return undefined;
  }

  dispose(): void {
    void this.simulator?.dispatcher?.close().catch(() => undefined);
    this.changed.dispose();
  }
}
