import type { IHeaders, Kafka, Producer } from 'kafkajs';
import { DEAD_LETTER_HEADERS } from '@hotline/contracts';

export interface DeadLetter {
  partition: number;
  offset: string;
  key: Buffer | null;
  /** The original bytes, exactly as they arrived. */
  value: Buffer | null;
  /** Header values as text: the dead-letter headers (code, reason, source) and the original ones. */
  headers: Record<string, string>;
  rawHeaders: IHeaders;
}

/** Reads a dead-letter topic up to its current end, without a committing group (reading changes nothing). */
export async function readDeadLetters(kafka: Kafka, topic: string, options: { timeoutMs?: number } = {}): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: Awaited<ReturnType<typeof admin.fetchTopicOffsets>>;
  try {
    ends = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const pending = new Map(ends.filter((end) => BigInt(end.high) > BigInt(end.low)).map((end) => [end.partition, BigInt(end.high)]));
  const records: DeadLetter[] = [];
  if (pending.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `hotline-dlq-reader-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} took longer than ${options.timeoutMs ?? 30_000} ms`)), options.timeoutMs ?? 30_000);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
            records.push({ partition, offset: message.offset, key: message.key, value: message.value, headers, rawHeaders: message.headers ?? {} });
            if (BigInt(message.offset) + 1n >= (pending.get(partition) ?? 0n)) pending.delete(partition);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/**
 * Sends dead letters back to the topic they came from with their original key, bytes and headers (the dead-letter
 * headers dropped, a `dlq.resent-from` added), after the fix that makes them pass. Returns the topics written to.
 */
export async function resendDeadLetters(
  producer: Producer,
  deadLetterTopic: string,
  records: DeadLetter[],
  options: { fallbackTopic: string; replaceValue?: Buffer },
): Promise<string[]> {
  const targets: string[] = [];
  for (const record of records) {
    const original = Object.fromEntries(Object.entries(record.rawHeaders).filter(([name]) => !name.startsWith('dlq.')));
    const target = record.headers[DEAD_LETTER_HEADERS.sourceTopic] ?? options.fallbackTopic;
    await producer.send({
      topic: target,
      acks: -1,
      messages: [{ key: record.key, value: options.replaceValue ?? record.value, headers: { ...original, 'dlq.resent-from': `${deadLetterTopic}@${record.offset}` } }],
    });
    targets.push(target);
  }
  return targets;
}
