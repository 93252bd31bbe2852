/**
 * The protobuf types of the Vehicle Command Protocol, built by protobufjs reflection from the JSON descriptors
 * generated out of ./proto (see generate-descriptors.ts). Bundles carry the JSON; nothing reads .proto at run time.
 */
import * as protobuf from 'protobufjs/light';
import descriptors from './generated/descriptors.json';

const root = protobuf.Root.fromJSON(descriptors as protobuf.INamespace);

function type(name: string): protobuf.Type {
  return root.lookupType(name);
}

export const RoutableMessageType = type('UniversalMessage.RoutableMessage');
export const SessionInfoType = type('Signatures.SessionInfo');
export const CarServerActionType = type('CarServer.Action');
export const CarServerResponseType = type('CarServer.Response');
export const VcsecUnsignedMessageType = type('VCSEC.UnsignedMessage');
export const VcsecFromVcsecMessageType = type('VCSEC.FromVCSECMessage');

/** The reflected root, for code that needs an enum or a nested type by name. */
export const protocolRoot: protobuf.Root = root;

export function enumValues(name: string): Record<string, number> {
  return root.lookupEnum(name).values;
}
