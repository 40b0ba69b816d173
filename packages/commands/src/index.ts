export { createCommandHandler, visibleTo, type CommandHandler, type CommandResult } from './command-handler.ts';
