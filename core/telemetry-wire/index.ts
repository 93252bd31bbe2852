/**
 * Fleet Telemetry wire formats: the FlatBuffers envelope, the protobuf payloads of each topic, the decoded-record
 * JSON, and a vehicle-side streaming client.
 */
export { encodeAck, encodeErrorResponse, encodeStreamEnvelope, type StreamEnvelopeInput } from './envelope/builder';
export { decodeEnvelope, EnvelopeError, type Envelope, type StreamMessage } from './envelope/reader';
export { INCORRECT_MESSAGE_FORMAT, MESSAGE_TYPE_ACK, MESSAGE_TYPE_NONE, MESSAGE_TYPE_STREAM } from './envelope/layout';
export {
  decodePayload,
  decodePayloadJson,
  writePayloadJson,
  decodeRecordMessage,
  decodePayloadMessage,
  encodePayload,
  encodeVehicleAlerts,
  encodeVehicleConnectivity,
  encodeVehicleData,
  encodeVehicleErrors,
  isVehicleTopic,
  VEHICLE_TOPICS,
  type ConnectivityStatus,
  type DatumJson,
  type RecordTopic,
  type ValueJson,
  type VehicleAlertJson,
  type VehicleAlertsJson,
  type VehicleConnectivityJson,
  type VehicleDataJson,
  type VehicleErrorJson,
  type VehicleErrorsJson,
  type VehicleTopic,
} from './payload/codec';
export {
  formatTimestamp,
  jsonName,
  messageToJson,
  messageToJsonText,
  writeMessageJson,
  PayloadError,
  parseTimestamp,
  type TimestampInput,
} from './payload/protojson';
export { parseLocationText, rewriteScientificNotation, SCIENTIFIC_NOTATION } from './payload/record-transforms';
export { doubleText, float32Text, formatFixed, parseFloat32 } from './payload/go-numbers';
export { FIELD_ENUM, TYPES } from './payload/schema';
export {
  bytesToText,
  decodeVehicleFrame,
  FrameError,
  MAX_FRAME_BYTES,
  readVehicleFrame,
  writeFrameRecord,
  type DecodedFrame,
  type VehicleFrame,
} from './frame';
export { JsonOut } from './payload/json-out';
export { encodeRecordMessage } from './payload/go-proto';
export { connectivityRecord } from './connectivity';
export {
  createVehicleStreamer,
  type AckEvent,
  type DisconnectedEvent,
  type RejectedEvent,
  type VehicleStreamer,
  type VehicleStreamerOptions,
} from './streamer/streamer';
