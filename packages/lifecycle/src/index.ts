export { applyEvent, RUNNING_CLOCKS, type LoggedEvent, type ProjectionContext, type ProjectionResult } from './projection.ts';
export { decide, type CommandRejection, type Decision } from './commands.ts';
