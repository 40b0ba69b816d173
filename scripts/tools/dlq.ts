// Lists dead-letter records and re-sends chosen ones to the topic they came from, after a fix.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEAD_LETTER_HEADERS, TOPICS } from '@hotline/contracts';
import { connectProducer, createKafka, type IHeaders } from '@hotline/kafka';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    topic: { type: 'string', default: TOPICS.intakeDeadLetter },
    brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
    code: { type: 'string' },
    offset: { type: 'string', multiple: true },
    all: { type: 'boolean', default: false },
    value: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const command = positionals[0] ?? 'list';
const usage = `usage:
  bash scripts/dlq list [--code CODE] [--json]                 what is in the dead-letter topic, with reasons
  bash scripts/dlq resend --offset N [--offset M …] | --all [--code CODE] [--value FIXED.json]
                                                               re-send the original bytes (or a corrected value from a file,
                                                               for a single --offset) to the topic they came from
  options: --topic ${TOPICS.intakeDeadLetter} (or ${TOPICS.ticketEventsDeadLetter}), --brokers host:port`;
if (!['list', 'resend'].includes(command)) {
  console.error(usage);
  process.exit(2);
}

interface DeadLetter { offset: string; partition: number; key: Buffer | null; value: Buffer | null; headers: Record<string, string>; rawHeaders: IHeaders }

const kafka = createKafka({ brokers: values.brokers.split(','), clientId: 'hotline-dlq' });

/** Reads the whole topic up to its current end (no consumer group: nothing is committed). */
async function readAll(): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(values.topic);
  await admin.disconnect();
  const pending = new Map(ends.filter((end) => BigInt(end.high) > BigInt(end.low)).map((end) => [end.partition, BigInt(end.high)]));
  const records: DeadLetter[] = [];
  if (pending.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `hotline-dlq-reader-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [values.topic], fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        records.push({ offset: message.offset, partition, key: message.key, value: message.value, headers, rawHeaders: message.headers ?? {} });
        if (BigInt(message.offset) + 1n >= (pending.get(partition) ?? 0n)) pending.delete(partition);
        if (pending.size === 0) resolve();
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  return records.filter((record) => !values.code || record.headers[DEAD_LETTER_HEADERS.errorCode] === values.code);
}

const records = await readAll();
if (command === 'list') {
  if (values.json) {
    for (const record of records) console.log(JSON.stringify({ partition: record.partition, offset: record.offset, headers: record.headers, value: record.value?.toString('base64') }));
  } else {
    console.log(`${records.length} dead-letter records in ${values.topic}${values.code ? ` with code ${values.code}` : ''}`);
    for (const record of records) {
      const h = record.headers;
      const preview = (record.value?.toString('utf8') ?? '').replace(/\s+/g, ' ').slice(0, 60);
      console.log(`#${record.offset}  ${h[DEAD_LETTER_HEADERS.errorCode]}  from ${h[DEAD_LETTER_HEADERS.sourceTopic]}/${h[DEAD_LETTER_HEADERS.sourcePartition]}@${h[DEAD_LETTER_HEADERS.sourceOffset]}  ${h[DEAD_LETTER_HEADERS.failedAt]}\n    reason: ${h[DEAD_LETTER_HEADERS.reason]}\n    value (${record.value?.length ?? 0} bytes): ${preview}`);
    }
  }
} else {
  const chosen = values.all ? records : records.filter((record) => values.offset?.includes(record.offset));
  if (chosen.length === 0) {
    console.error(`nothing to re-send: name records with --offset N or --all (see: bash scripts/dlq list)\n${usage}`);
    process.exit(2);
  }
  if (values.value && chosen.length !== 1) {
    console.error('--value replaces the value of exactly one record: give a single --offset');
    process.exit(2);
  }
  const producer = await connectProducer(kafka);
  for (const record of chosen) {
    const original = Object.fromEntries(Object.entries(record.rawHeaders).filter(([name]) => !name.startsWith('dlq.')));
    const target = record.headers[DEAD_LETTER_HEADERS.sourceTopic] ?? TOPICS.intake;
    const value = values.value ? readFileSync(values.value) : record.value;
    await producer.send({ topic: target, acks: -1, messages: [{ key: record.key, value, headers: { ...original, 'dlq.resent-from': `${values.topic}@${record.offset}` } }] });
    console.log(`re-sent #${record.offset} to ${target}${values.value ? ` with the value from ${values.value}` : ''}`);
  }
  await producer.disconnect();
}
