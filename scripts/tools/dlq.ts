// Lists dead-letter records and re-sends chosen ones to the topic they came from, after a fix.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEAD_LETTER_HEADERS, TOPICS } from '@hotline/contracts';
import { connectProducer, createKafka, readDeadLetters, resendDeadLetters } from '@hotline/kafka';

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

const kafka = createKafka({ brokers: values.brokers.split(','), clientId: 'hotline-dlq' });
const records = (await readDeadLetters(kafka, values.topic)).filter((record) => !values.code || record.headers[DEAD_LETTER_HEADERS.errorCode] === values.code);
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
  const targets = await resendDeadLetters(producer, values.topic, chosen, { fallbackTopic: TOPICS.intake, ...(values.value ? { replaceValue: readFileSync(values.value) } : {}) });
  for (const [index, record] of chosen.entries()) console.log(`re-sent #${record.offset} to ${targets[index]}${values.value ? ` with the value from ${values.value}` : ''}`);
  await producer.disconnect();
}
