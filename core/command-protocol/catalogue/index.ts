export { COMMAND_CATALOGUE, QUICK_COMMANDS, PARENTAL_CONTROLS_SETTINGS, findCommand } from './catalogue';
export { daysOfWeekMask, daysOfWeekText, parseDaysOfWeek } from './days';
export { CommandParamError, paramProblem, paramValueWarnings, paramWarnings, validateParams } from './params';
export { encodeCommandPayload } from './encode';
export type { CommandGroup, CommandParams, CommandSpec, ParamSpec, ParamType, ParamValue, ParamWarn, RestCommandSpec, SignedCommandSpec } from './types';
