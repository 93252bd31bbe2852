// Moved to core/messages/simulator-ready.ts (issue 17: cross-process messages in one folder). This re-export stays only
// until the client/ files still importing this path are moved over; import from core/messages/simulator-ready.
export * from '../messages/simulator-ready';
