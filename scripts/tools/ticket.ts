// Shows a ticket, or gives it a command through the command handler (the same one the API serves).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TOPICS } from '@hotline/contracts';
import { createCommandHandler } from '@hotline/commands';
import { connectProducer, createKafka } from '@hotline/kafka';
import { loadCityConfig } from '@hotline/routing';
import { createElasticsearch, createTicketRepository, indexNames } from '@hotline/store';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    as: { type: 'string' },
    json: { type: 'string', default: '{}' },
    brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
    elasticsearch: { type: 'string', default: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200' },
  },
});
const usage = `usage:
  bash scripts/ticket show TICKET_ID
  bash scripts/ticket TICKET_ID COMMAND [--json '{"field":…}'] --as ROLE:ID[:DEPARTMENT_ID]
commands: signFor 签收, contact 先行联系 {method: phone|sms|visit|other, note?}, reply 答复 {message}, resolve 办结 {summary}, return 退单 {reason, note?}, reviewReturn {decision, department?},
  reroute 改派 {department:{id,name}}, requestExtension 延期 {amount:"P3D", reason}, decideExtension {approve}, merge 并单 {into},
  escalate 督办 {note}, markComplex, followUp 回访 {resolved, satisfaction}, reopen 重办
example: bash scripts/ticket T0123ABCD signFor --as department:zhang:a3-housing`;

const elasticsearch = createElasticsearch({ url: values.elasticsearch });
const repository = createTicketRepository(elasticsearch, indexNames());
const [first, second] = positionals;
if (!first) {
  console.error(usage);
  process.exit(2);
}
if (first === 'show') {
  const ticket = second ? await repository.get(second) : undefined;
  if (!ticket) {
    console.error(`no ticket ${second ?? ''}`);
    process.exit(1);
  }
  const { restricted: _restricted, appliedEventIds: _ids, bodyTokens: _tokens, titleTokens: _titleTokens, ...visible } = ticket;
  console.log(JSON.stringify(visible, null, 2));
  process.exit(0);
}
if (!second || !values.as) {
  console.error(usage);
  process.exit(2);
}
const [role, id, departmentId] = values.as.split(':');
const producer = await connectProducer(createKafka({ brokers: values.brokers.split(','), clientId: 'hotline-ticket-cli' }));
const departments = loadCityConfig(fileURLToPath(new URL('../../config/city', import.meta.url))).departments;
const handler = createCommandHandler({ producer, repository, ticketEventsTopic: TOPICS.ticketEvents, departments });
const result = await handler.handle(first, { command: second, ...JSON.parse(values.json) }, { role, id, ...(departmentId ? { departmentId } : {}) });
await producer.disconnect();
if (result.status === 'applied' || result.status === 'conflict') {
  console.log(JSON.stringify({ status: result.status, eventId: result.eventId, ticketStatus: result.ticket.status, version: result.ticket.version, ...(result.status === 'conflict' ? { message: result.message } : {}) }));
} else {
  console.log(JSON.stringify(result));
}
process.exit(result.status === 'applied' ? 0 : result.status === 'pending' ? 3 : 1);
