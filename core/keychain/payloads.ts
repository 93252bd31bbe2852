/**
 * VCSEC payloads of the keychain operations, shaped as tesla-control builds them (teslamotors/vehicle-command
 * pkg/vehicle/vcsec.go getVCSECInfo and addKeyPayload, pkg/vehicle/security.go RemoveKey). Pure.
 */
import { enumValues, VcsecUnsignedMessageType } from '../command-protocol/schema';
import { formFactorNumber, roleNumber, type FormFactorName, type KeyRoleName } from './roles';

const infoType = (name: string): number => enumValues('VCSEC.InformationRequestType')[name];

/** InformationRequest GET_WHITELIST_INFO: how many keys and which slots hold one. */
export function whitelistInfoRequest(): Uint8Array {
  return VcsecUnsignedMessageType.encode({ InformationRequest: { informationRequestType: infoType('INFORMATION_REQUEST_TYPE_GET_WHITELIST_INFO') } }).finish();
}

/** InformationRequest GET_WHITELIST_ENTRY_INFO for one slot. */
export function whitelistEntryRequest(slot: number): Uint8Array {
  return VcsecUnsignedMessageType.encode({
    InformationRequest: { informationRequestType: infoType('INFORMATION_REQUEST_TYPE_GET_WHITELIST_ENTRY_INFO'), slot },
  }).finish();
}

/** WhitelistOperation removePublicKeyFromWhitelist (no metadata, as RemoveKey sends it). */
export function removeKeyPayload(publicPoint: Uint8Array): Uint8Array {
  return VcsecUnsignedMessageType.encode({ WhitelistOperation: { removePublicKeyFromWhitelist: { PublicKeyRaw: publicPoint } } }).finish();
}

/** WhitelistOperation addKeyToWhitelistAndAddPermissions with the role and the key's form factor. */
export function addKeyPayload(publicPoint: Uint8Array, role: KeyRoleName, formFactor: FormFactorName): Uint8Array {
  return VcsecUnsignedMessageType.encode({
    WhitelistOperation: {
      addKeyToWhitelistAndAddPermissions: { key: { PublicKeyRaw: publicPoint }, keyRole: roleNumber(role) },
      metadataForKey: { keyFormFactor: formFactorNumber(formFactor) },
    },
  }).finish();
}
