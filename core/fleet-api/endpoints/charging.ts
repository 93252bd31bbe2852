import { pathParam, query, rowsOf } from './row';

/** Charging endpoints (…/endpoints/charging-endpoints; reference §2.3): Supercharger history, invoices, business sessions. */
export const CHARGING_ENDPOINTS = rowsOf('charging', [
  {
    name: 'charging_history',
    method: 'GET',
    path: '/api/1/dx/charging/history',
    tokens: ['user'],
    scopes: ['vehicle_charging_cmds'],
    billing: 'data',
    vehicleState: 'none',
    params: [
      query('vin', 'string', 'Only this vehicle'),
      query('startTime', 'string', 'From this time (ISO 8601)'),
      query('endTime', 'string', 'Until this time (ISO 8601)'),
      query('pageNo', 'integer', 'Page number, from 0'),
      query('pageSize', 'integer', 'Sessions per page'),
      query('sortBy', 'string', 'Sort field'),
      query('sortOrder', 'string', 'ASC or DESC', { values: ['ASC', 'DESC'] }),
    ],
    response:
      '{ data: [ { sessionId, vin, siteLocationName, chargeStartDateTime, chargeStopDateTime, unlatchDateTime, countryCode, fees: [ { feeType, currencyCode, usageBase, totalDue, uom, … } ], billingType, invoices: [ { fileName, contentId, invoiceType } ], vehicleMakeType } ], totalResults }',
    summary: "The account's paid Supercharger sessions with their fees and invoices.",
  },
  {
    name: 'charging_invoice',
    method: 'GET',
    path: '/api/1/dx/charging/invoice/{id}',
    tokens: ['user'],
    scopes: ['vehicle_charging_cmds'],
    billing: 'data',
    vehicleState: 'none',
    params: [pathParam('id', 'string', 'The invoice contentId from charging_history')],
    response: 'application/pdf',
    summary: 'One charging invoice as a PDF.',
    binary: true,
  },
  {
    name: 'charging_sessions',
    method: 'GET',
    path: '/api/1/dx/charging/sessions',
    tokens: ['partner'],
    scopes: ['vehicle_charging_cmds'],
    billing: 'data',
    vehicleState: 'none',
    params: [
      query('vin', 'string', 'Only this vehicle'),
      query('date_from', 'string', 'From this date'),
      query('date_to', 'string', 'Until this date'),
      query('limit', 'integer', 'Sessions per page'),
      query('offset', 'integer', 'Sessions to skip'),
    ],
    response: '{ data: [ { charging_periods, id, location, model, start_date_time, stop_date_time, tariffs, total_cost, total_energy, vin } ], status_code }',
    summary: 'Charging sessions of business fleet vehicles (business accounts only).',
  },
]);
