export { applyEvent, isClockRunning, RUNNING_CLOCKS, type LoggedEvent, type ProjectionContext, type ProjectionResult } from './projection.ts';
export { availableCommands, checkMergeTarget, decide, type CommandRejection, type Decision } from './commands.ts';
