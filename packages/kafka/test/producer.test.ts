import { describe, expect, it } from 'vitest';
import { splitForRequests } from '../src/producer.ts';

describe('splitForRequests', () => {
  it('keeps every message, in order, in requests under the size limit', () => {
    const body = 'x'.repeat(10_000);
    const events = Array.from({ length: 150 }, (_, i) => ({ key: `T${i}`, value: `${i}:${body}` }));
    const feed = Array.from({ length: 30 }, (_, i) => ({ key: `D${i}`, value: `${i}:${body}`, headers: { 'event-type': 'TicketRouted' } }));
    const requests = splitForRequests([{ topic: 'events', messages: events }, { topic: 'feed', messages: feed }]);
    expect(requests.length).toBeGreaterThan(1);
    for (const request of requests) {
      const bytes = request.flatMap((entry) => entry.messages).reduce((sum, message) => sum + String(message.value).length, 0);
      expect(bytes).toBeLessThanOrEqual(512 * 1024);
    }
    const flattened = requests.flatMap((request) => request.flatMap((entry) => entry.messages.map((message) => `${entry.topic}/${message.key}`)));
    expect(flattened).toEqual([...events.map((m) => `events/${m.key}`), ...feed.map((m) => `feed/${m.key}`)]);
  });

  it('sends a small batch as one request and a single oversized message alone', () => {
    expect(splitForRequests([{ topic: 't', messages: [{ value: 'a' }, { value: 'b' }] }])).toHaveLength(1);
    const huge = { value: Buffer.alloc(700 * 1024) };
    expect(splitForRequests([{ topic: 't', messages: [{ value: 'a' }, huge, { value: 'b' }] }]).map((request) => request[0]!.messages.length)).toEqual([1, 1, 1]);
  });
});
