import type { Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { HotlineError } from '@hotline/contracts';
import { sendRetrying, splitForRequests } from '../src/producer.ts';

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

describe('sendRetrying', () => {
  const record = { topic: 'hotline.intake', messages: [{ value: '{}' }] };
  /** A producer whose sends fail with the given errors in turn, then succeed. */
  function failing(...errors: Error[]) {
    let calls = 0;
    const producer = {
      send: async () => {
        calls++;
        const error = errors.shift();
        if (error) throw error;
        return [{ topicName: record.topic, partition: 0, errorCode: 0 }];
      },
    } as unknown as Producer;
    return { producer, calls: () => calls };
  }
  const reset = () => new HotlineError('KAFKA_PRODUCER_RESET', 'the Kafka producer lost its idempotent state and was replaced: send again', { retriable: true });

  it('sends again after the producer replaced itself', async () => {
    const { producer, calls } = failing(reset());
    await expect(sendRetrying(producer, record)).resolves.toHaveLength(1);
    expect(calls()).toBe(2);
  });

  it('gives up after its attempts, with the last error', async () => {
    const { producer, calls } = failing(reset(), reset(), reset());
    await expect(sendRetrying(producer, record)).rejects.toMatchObject({ code: 'KAFKA_PRODUCER_RESET' });
    expect(calls()).toBe(3);
  });

  it('does not send again after an error that is not retriable', async () => {
    const { producer, calls } = failing(new Error('MESSAGE_TOO_LARGE'));
    await expect(sendRetrying(producer, record)).rejects.toThrow('MESSAGE_TOO_LARGE');
    expect(calls()).toBe(1);
  });
});
