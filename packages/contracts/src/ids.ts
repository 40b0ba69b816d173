import { createHash } from 'node:crypto';
import type { Channel } from './intake.ts';

const digest = (text: string, length: number) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length).toUpperCase();

/**
 * The ticket id follows from where the message came from, so a redelivered or re-sent message is the same ticket.
 * 64 bits of SHA-256 over channel and source id: collisions are negligible at a billion tickets.
 */
export function ticketIdFor(channel: Channel, sourceId: string): string {
  return `T${digest(`${channel}\u0000${sourceId.trim()}`, 16)}`;
}

/** A deterministic event id: the same decision about the same ticket always gets the same id. */
export function eventIdFor(ticketId: string, type: string, ...parts: string[]): string {
  return `E${digest([ticketId, type, ...parts].join('\u0000'), 24)}`;
}
