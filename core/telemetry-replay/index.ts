/** Reading the bridge's spool back: its lines, the recorded pace, and replaying it through a server as the vehicles. */
export { parseSpoolLine, recordTime, type SpoolLine } from './spool-line';
export { loadSpoolFiles, readSpoolFiles, type SpoolItem } from './spool-reader';
export { ReplayPace } from './pace';
export { replayPayload, type ReplayPayload } from './payload';
export { replaySpool, type ReplayOptions, type ReplayProgress, type ReplaySummary, type VehicleReplay } from './replay';
