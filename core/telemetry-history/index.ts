/** History of telemetry (docs/history.md): samples of records, per-minute aggregates, state changes, summaries. */
export { recordSamples, recordTime, sampleValue, type Sample, type HistoryRecordInput } from './samples';
export { MinuteAggregator, aggregateSamples, mergeBuckets, rollupBuckets, minuteOf, bucketAvg, MINUTE_MS, type MinuteBucket } from './minute-buckets';
export { ChangeTracker, type StateChange } from './changes';
export { chargingSessions, drives, counterRise, type ChargingSession, type Drive, type SummaryInput } from './summaries';
export { parseTimeBound } from './time-range';
