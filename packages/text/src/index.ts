export { segment, toIndexTokens } from './segment.ts';
