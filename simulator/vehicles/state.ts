import type { VehicleConfig, VehicleModel } from '../world/types';

/**
 * Tesla-shaped per-vehicle state. Sections use Tesla's field names so `vehicle_data` can emit them as is,
 * command handlers can mutate them (`v.state.vehicle_state.locked = true`), and a telemetry streamer can read them.
 */
export interface VehicleStateSections {
  charge_state: ChargeState;
  climate_state: ClimateState;
  drive_state: DriveState;
  vehicle_state: VehicleStateSection;
  gui_settings: Record<string, unknown>;
  vehicle_config: Record<string, unknown>;
}

export interface ChargeState {
  battery_level: number;
  usable_battery_level: number;
  battery_range: number;
  est_battery_range: number;
  ideal_battery_range: number;
  charge_limit_soc: number;
  charge_limit_soc_min: number;
  charge_limit_soc_max: number;
  charge_limit_soc_std: number;
  charging_state: 'Disconnected' | 'Stopped' | 'Charging' | 'Complete' | 'NoPower' | 'Starting';
  charge_port_door_open: boolean;
  charge_port_latch: string;
  charge_port_color: string;
  charge_current_request: number;
  charge_current_request_max: number;
  charge_amps: number;
  charger_actual_current: number;
  charger_power: number;
  charger_voltage: number;
  charger_phases: number | null;
  charge_rate: number;
  charge_energy_added: number;
  charge_miles_added_rated: number;
  minutes_to_full_charge: number;
  time_to_full_charge: number;
  fast_charger_present: boolean;
  fast_charger_type: string;
  conn_charge_cable: string;
  scheduled_charging_mode: string;
  scheduled_charging_pending: boolean;
  scheduled_charging_start_time: number | null;
  scheduled_departure_time_minutes: number;
  off_peak_charging_enabled: boolean;
  preconditioning_enabled: boolean;
  battery_heater_on: boolean;
  [key: string]: unknown;
}

export interface ClimateState {
  inside_temp: number;
  outside_temp: number;
  driver_temp_setting: number;
  passenger_temp_setting: number;
  min_avail_temp: number;
  max_avail_temp: number;
  is_climate_on: boolean;
  is_auto_conditioning_on: boolean;
  is_preconditioning: boolean;
  is_front_defroster_on: boolean;
  is_rear_defroster_on: boolean;
  fan_status: number;
  seat_heater_left: number;
  seat_heater_right: number;
  seat_heater_rear_left: number;
  seat_heater_rear_center: number;
  seat_heater_rear_right: number;
  steering_wheel_heater: boolean;
  steering_wheel_heat_level: number;
  climate_keeper_mode: 'off' | 'on' | 'dog' | 'camp';
  defrost_mode: number;
  bioweapon_mode: boolean;
  cabin_overheat_protection: 'Off' | 'On' | 'FanOnly';
  cop_activation_temperature: 'Low' | 'Medium' | 'High';
  remote_heater_control_enabled: boolean;
  battery_heater: boolean;
  [key: string]: unknown;
}

export interface DriveState {
  shift_state: 'P' | 'D' | 'R' | 'N' | null;
  speed: number | null;
  power: number;
  latitude: number;
  longitude: number;
  heading: number;
  gps_as_of: number;
  [key: string]: unknown;
}

export interface VehicleStateSection {
  locked: boolean;
  sentry_mode: boolean;
  sentry_mode_available: boolean;
  valet_mode: boolean;
  odometer: number;
  car_version: string;
  df: number;
  dr: number;
  pf: number;
  pr: number;
  ft: number;
  rt: number;
  fd_window: number;
  fp_window: number;
  rd_window: number;
  rp_window: number;
  sun_roof_percent_open: number | null;
  is_user_present: boolean;
  center_display_state: number;
  remote_start: boolean;
  remote_start_enabled: boolean;
  speed_limit_mode: { active: boolean; current_limit_mph: number; max_limit_mph: number; min_limit_mph: number; pin_code_set: boolean };
  software_update: { status: string; version: string; download_perc: number; install_perc: number; expected_duration_sec: number; scheduled_time_ms?: number };
  media_info: Record<string, unknown>;
  tpms_pressure_fl: number;
  tpms_pressure_fr: number;
  tpms_pressure_rl: number;
  tpms_pressure_rr: number;
  vehicle_name: string;
  [key: string]: unknown;
}

const MODEL_INFO: Record<VehicleModel, { carType: string; trim: string; rangeMi: number; codes: string[] }> = {
  S: { carType: 'models', trim: '85', rangeMi: 265, codes: ['$MDLS', '$BT85', '$DV4W', '$PPSB'] },
  '3': { carType: 'model3', trim: 'LR AWD', rangeMi: 310, codes: ['$MDL3', '$MT322', '$DV4W', '$PMNG'] },
  X: { carType: 'modelx', trim: 'LR', rangeMi: 330, codes: ['$MDLX', '$MTX10', '$DV4W', '$PPSW'] },
  Y: { carType: 'modely', trim: 'LR AWD', rangeMi: 310, codes: ['$MDLY', '$MTY13', '$DV4W', '$PPSW'] },
  Cybertruck: { carType: 'cybertruck', trim: 'AWD', rangeMi: 320, codes: ['$MDLC', '$MTC02', '$DV4W', '$PSTS'] },
};

export function modelInfo(model: VehicleModel): { carType: string; trim: string; rangeMi: number; codes: string[] } {
  return MODEL_INFO[model];
}

/** Builds the initial Tesla-shaped state for a configured vehicle (before `overrides` are merged). */
export function initialState(cfg: VehicleConfig, nowMs: number): VehicleStateSections {
  const info = MODEL_INFO[cfg.model];
  const level = 72;
  const loc = cfg.location ?? { latitude: 37.4925, longitude: -121.9447, heading: 0 };
  const eu = cfg.vin.startsWith('L') || cfg.vin.startsWith('X') || cfg.vin.startsWith('W');
  return {
    charge_state: {
      battery_level: level,
      usable_battery_level: level - 1,
      battery_range: (info.rangeMi * level) / 100,
      est_battery_range: (info.rangeMi * level * 0.9) / 100,
      ideal_battery_range: (info.rangeMi * level) / 100,
      charge_limit_soc: 80,
      charge_limit_soc_min: 50,
      charge_limit_soc_max: 100,
      charge_limit_soc_std: 90,
      charging_state: 'Disconnected',
      charge_port_door_open: false,
      charge_port_latch: 'Engaged',
      charge_port_color: 'Off',
      charge_current_request: 32,
      charge_current_request_max: 48,
      charge_amps: 32,
      charger_actual_current: 0,
      charger_power: 0,
      charger_voltage: 0,
      charger_phases: null,
      charge_rate: 0,
      charge_energy_added: 0,
      charge_miles_added_rated: 0,
      minutes_to_full_charge: 0,
      time_to_full_charge: 0,
      fast_charger_present: false,
      fast_charger_type: '<invalid>',
      conn_charge_cable: '<invalid>',
      scheduled_charging_mode: 'Off',
      scheduled_charging_pending: false,
      scheduled_charging_start_time: null,
      scheduled_departure_time_minutes: 480,
      off_peak_charging_enabled: false,
      preconditioning_enabled: false,
      battery_heater_on: false,
    },
    climate_state: {
      inside_temp: 21.5,
      outside_temp: 14,
      driver_temp_setting: 21,
      passenger_temp_setting: 21,
      min_avail_temp: 15,
      max_avail_temp: 28,
      is_climate_on: false,
      is_auto_conditioning_on: false,
      is_preconditioning: false,
      is_front_defroster_on: false,
      is_rear_defroster_on: false,
      fan_status: 0,
      seat_heater_left: 0,
      seat_heater_right: 0,
      seat_heater_rear_left: 0,
      seat_heater_rear_center: 0,
      seat_heater_rear_right: 0,
      steering_wheel_heater: false,
      steering_wheel_heat_level: 0,
      climate_keeper_mode: 'off',
      defrost_mode: 0,
      bioweapon_mode: false,
      cabin_overheat_protection: 'On',
      cop_activation_temperature: 'High',
      remote_heater_control_enabled: false,
      battery_heater: false,
    },
    drive_state: {
      shift_state: null,
      speed: null,
      power: 0,
      latitude: loc.latitude,
      longitude: loc.longitude,
      heading: loc.heading ?? 0,
      gps_as_of: Math.floor(nowMs / 1000),
      native_latitude: loc.latitude,
      native_longitude: loc.longitude,
      native_location_supported: 1,
      native_type: 'wgs',
      active_route_destination: null,
    },
    vehicle_state: {
      api_version: 73,
      autopark_state_v3: 'standby',
      calendar_supported: true,
      car_version: `${cfg.firmware} abcdef0123`,
      locked: true,
      sentry_mode: false,
      sentry_mode_available: true,
      valet_mode: false,
      odometer: 12345.6,
      df: 0,
      dr: 0,
      pf: 0,
      pr: 0,
      ft: 0,
      rt: 0,
      fd_window: 0,
      fp_window: 0,
      rd_window: 0,
      rp_window: 0,
      sun_roof_percent_open: cfg.model === 'S' && cfg.year < 2021 ? 0 : null,
      is_user_present: false,
      center_display_state: 0,
      remote_start: false,
      remote_start_enabled: true,
      speed_limit_mode: { active: false, current_limit_mph: 85, max_limit_mph: 120, min_limit_mph: 50, pin_code_set: false },
      software_update: { status: '', version: ' ', download_perc: 0, install_perc: 1, expected_duration_sec: 2700 },
      media_info: {
        audio_volume: 3.3,
        audio_volume_increment: 0.333,
        audio_volume_max: 11,
        media_playback_status: 'Stopped',
        now_playing_source: 'Spotify',
        now_playing_title: '',
        now_playing_artist: '',
      },
      tpms_pressure_fl: 2.9,
      tpms_pressure_fr: 2.9,
      tpms_pressure_rl: 2.9,
      tpms_pressure_rr: 2.9,
      vehicle_name: cfg.displayName,
      homelink_nearby: false,
      is_user_present_since: null,
      guest_mode_enabled: false,
      pin_to_drive: false,
    },
    gui_settings: {
      gui_24_hour_time: eu,
      gui_charge_rate_units: eu ? 'km/hr' : 'mi/hr',
      gui_distance_units: eu ? 'km/hr' : 'mi/hr',
      gui_range_display: 'Rated',
      gui_temperature_units: eu ? 'C' : 'F',
      gui_tirepressure_units: eu ? 'Bar' : 'Psi',
      show_range_units: false,
    },
    vehicle_config: {
      car_type: info.carType,
      trim_badging: info.trim.toLowerCase().replace(/\s+/g, ''),
      exterior_color: cfg.color ?? 'PearlWhite',
      wheel_type: 'Pinwheel18',
      has_seat_cooling: cfg.model === 'S' || cfg.model === 'X',
      rear_seat_heaters: 1,
      can_actuate_trunks: true,
      charge_port_type: eu ? 'CCS' : 'US',
      plg: true,
      pws: true,
      rhd: false,
      motorized_charge_port: true,
      eu_vehicle: eu,
      sun_roof_installed: cfg.model === 'S' && cfg.year < 2021 ? 1 : null,
      spoiler_type: 'None',
      roof_color: 'RoofColorGlass',
      third_row_seats: 'None',
      webcam_supported: cfg.model !== 'S' || cfg.year >= 2021,
    },
  };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep-merges `patch` into `target` in place (objects merge, everything else replaces). */
export function deepMerge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(patch)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    const cur = target[k];
    if (isObj(cur) && isObj(v)) deepMerge(cur, v);
    else target[k] = structuredClone(v);
  }
}
