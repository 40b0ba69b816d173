export * from './topics.ts';
export * from './priority.ts';
export * from './intake.ts';
export * from './ids.ts';
export * from './events.ts';
export * from './dead-letter.ts';
export * from './errors.ts';
export * from './ticket.ts';
