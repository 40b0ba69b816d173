import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, type Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { HotlineError, isRetriable } from '@hotline/contracts';
import { retriableWhenUnavailable } from '../src/errors.ts';
import { connectProducer } from '../src/producer.ts';

// The errors kafkajs throws once a broker has been away longer than its own retries, as seen in the fault test.
const refused = () => new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
const gaveUp = () => {
  const cause = refused();
  return Object.assign(new KafkaJSNonRetriableError(cause), { cause });
};

describe('retriableWhenUnavailable', () => {
  it('makes kafkajs giving up on an absent broker a retriable KAFKA_UNAVAILABLE', () => {
    const givenUp = [gaveUp(), new KafkaJSNumberOfRetriesExceeded(refused(), { retryCount: 15, retryTime: 1000 })];
    for (const error of givenUp) expect(isRetriable(error), 'kafkajs flags these not retriable').toBe(false);
    for (const error of [...givenUp, refused()]) {
      const converted = retriableWhenUnavailable(error);
      expect(converted).toBeInstanceOf(HotlineError);
      expect(converted).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true, cause: error });
    }
  });

  it('leaves an error that retrying cannot fix, and the project\'s own errors, as they are', () => {
    const tooLarge = Object.assign(new KafkaJSProtocolError('The request included a message larger than the max message size the server will accept'), { type: 'MESSAGE_TOO_LARGE', retriable: false });
    const bailed = Object.assign(new KafkaJSNonRetriableError(tooLarge), { cause: tooLarge });
    const bug = new TypeError('cannot read properties of undefined');
    const own = new HotlineError('VALIDATION', 'bad', { retriable: false, cause: refused() });
    for (const error of [bailed, bug, own]) expect(retriableWhenUnavailable(error)).toBe(error);
  });

  it('is what the project\'s producer throws when a send finds no broker', async () => {
    const kafka = { producer: () => ({ connect: async () => undefined, disconnect: async () => undefined, send: async () => { throw gaveUp(); } }) } as unknown as Kafka;
    const producer = await connectProducer(kafka);
    await expect(producer.send({ topic: 'hotline.ticket-events', messages: [{ value: '{}' }] })).rejects.toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
  });
});
