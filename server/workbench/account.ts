import type { WorkbenchAccount, WorkbenchProduct } from '../../core/messages/language-server';

/** What completion offers for `{vin}` and `{site}`: the signed-in accounts' vehicles and energy sites. */
export type { WorkbenchAccount, WorkbenchProduct };

export const EMPTY_ACCOUNT: WorkbenchAccount = { vehicles: [], sites: [] };
