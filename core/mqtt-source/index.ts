/** The Live Telemetry panel's MQTT source: fleet-telemetry's MQTT layout read back into records. */
export { mqttMessageToRecord, type MqttMapped, type MqttRecord } from './records';
export { parseMqttTopic, subscriptionFor, topicBaseProblem, type MqttTopic } from './topics';
export { valueFromMqtt } from './values';
export { MqttTelemetrySource, mqttSourceProblem, type MqttSourceOptions, type MqttSourceState } from './source';
