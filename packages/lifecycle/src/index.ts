export { applyEvent, type LoggedEvent, type ProjectionContext, type ProjectionResult } from './projection.ts';
