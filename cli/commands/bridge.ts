import { UsageError, type CliCommand } from '../command';
import { BRIDGE_USAGE, runBridgeCommand } from '../../telemetry-bridge/command';
import { BridgeConfigError } from '../../telemetry-bridge/config';

export const bridgeCommand: CliCommand = {
  summary: 'Run the Fleet Telemetry bridge (mTLS WebSocket ingest → live feed, JSONL spool, stdout)',
  usage: BRIDGE_USAGE,
  alwaysJson: true,
  async run(args, io) {
    try {
      return await runBridgeCommand(args, io);
    } catch (err) {
      if (err instanceof BridgeConfigError) throw new UsageError(err.message);
      throw err;
    }
  },
};
