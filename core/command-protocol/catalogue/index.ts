export { COMMAND_CATALOGUE, QUICK_COMMANDS, PARENTAL_CONTROLS_SETTINGS, daysOfWeekMask, findCommand } from './catalogue';
export { CommandParamError, validateParams } from './params';
export { encodeCommandPayload } from './encode';
export type { CommandGroup, CommandParams, CommandSpec, ParamSpec, ParamType, ParamValue, RestCommandSpec, SignedCommandSpec } from './types';
