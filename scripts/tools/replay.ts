// Sends messages to hotline.intake at a chosen rate: either intake messages as they are (JSONL rows with
// schemaVersion), or rows of a data set such as ../shared/data/tipdm2020c/labeled_raw.jsonl ({id, title, body, time}),
// which become intake messages spread over the channels.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { CHANNELS, TOPICS, type IntakeMessageInput } from '@hotline/contracts';
import { connectProducer, createKafka, sendRetrying } from '@hotline/kafka';
import { progressBar } from './progress.ts';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    rate: { type: 'string', default: '50' },
    limit: { type: 'string' },
    topic: { type: 'string', default: TOPICS.intake },
    brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
    'keep-time': { type: 'boolean', default: false },
    'spread-days': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values.file) {
  console.error(`usage: bash scripts/replay --file FILE.jsonl [--rate MSGS_PER_S] [--limit N] [--keep-time | --spread-days D] [--topic ${TOPICS.intake}] [--brokers host:port]
  Rows with schemaVersion are sent as they are; other rows ({id?, title?, body, time?}) become intake messages over
  all channels, with source ids derived from the file name and row, so replaying a file twice gives the same tickets.
  Their receivedAt is now, or the row's own time (--keep-time), or spread over the last D days (--spread-days, for a
  demo with history: the same row always gets the same point in that span).`);
  process.exit(values.help ? 0 : 2);
}
const rate = Number(values.rate);
if (!(rate > 0)) throw new Error(`--rate must be a positive number, got ${values.rate}`);

const lines = readFileSync(values.file, 'utf8').split('\n').filter((line) => line.trim());
const rows = lines.slice(0, values.limit ? Number(values.limit) : undefined);
const source = basename(values.file).replace(/\.jsonl?$/, '');
const now = new Date();
const spreadDays = values['spread-days'] === undefined ? undefined : Number(values['spread-days']);
if (spreadDays !== undefined && !(spreadDays > 0)) throw new Error(`--spread-days must be a positive number, got ${values['spread-days']}`);

/** A point in the last `days` days, fixed for a row; office hours weigh more, as calls do. */
function spreadTime(index: number, days: number): Date {
  const hash = (index * 2654435761) >>> 0;
  const day = Math.floor((hash % 10_000) / 10_000 * days);
  const hour = [8, 9, 9, 10, 10, 11, 14, 15, 15, 16, 17, 19, 21][(hash >>> 8) % 13]!;
  const at = new Date(now.getTime() - day * 86_400_000);
  at.setUTCHours(hour - 8, (hash >>> 16) % 60, 0, 0);
  // A time later today than now goes to another day of the window (all to yesterday made a false peak there).
  if (at.getTime() <= now.getTime()) return at;
  return new Date(at.getTime() - (1 + ((hash >>> 20) % Math.max(1, Math.floor(days) - 1))) * 86_400_000);
}

function toIntake(row: Record<string, unknown>, index: number): IntakeMessageInput {
  if (row.schemaVersion !== undefined) return row as IntakeMessageInput;
  const channel = CHANNELS[index % CHANNELS.length]!;
  const time = spreadDays !== undefined ? spreadTime(index, spreadDays)
    : typeof row.time === 'string' && values['keep-time'] ? new Date(`${row.time.replace(' ', 'T')}+08:00`) : now;
  return {
    schemaVersion: 1,
    sourceId: `${source}-${String(row.id ?? index)}`,
    channel,
    receivedAt: (Number.isNaN(time.getTime()) ? now : time).toISOString(),
    ...(typeof row.title === 'string' && row.title ? { title: row.title } : {}),
    body: String(row.body ?? ''),
  };
}

const kafka = createKafka({ brokers: values.brokers.split(','), clientId: 'hotline-replay' });
const producer = await connectProducer(kafka);
const bar = progressBar(`replay → ${values.topic}`, rows.length);
const started = Date.now();
const chunk = Math.max(1, Math.min(100, Math.round(rate / 10)));
for (let sent = 0; sent < rows.length; ) {
  const batch = rows.slice(sent, sent + chunk).map((line, offset) => ({ value: JSON.stringify(toIntake(JSON.parse(line), sent + offset)) }));
  await sendRetrying(producer, { topic: values.topic, acks: -1, messages: batch });
  sent += batch.length;
  bar.update(sent);
  // Pace by the schedule, not by sleeping a fixed time per chunk, so slow sends do not lower the rate.
  const due = started + (sent / rate) * 1000;
  if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
}
bar.finish();
await producer.disconnect();
console.log(`sent ${rows.length} messages to ${values.topic} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
