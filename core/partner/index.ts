export { pairingLink, SIMULATOR_PAIRING_DOMAIN } from './pairing';
export { explainRegistrationError } from './explain';
export {
  lookupPartnerKeys,
  registerPartnerDomain,
  type PartnerCallOptions,
  type PartnerRegion,
  type RegionEndpoint,
  type RegionRegistration,
} from './register';
