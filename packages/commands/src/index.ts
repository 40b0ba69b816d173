export { createCommandHandler, type CommandHandler, type CommandResult } from './command-handler.ts';
