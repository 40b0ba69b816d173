// Waits until the Kafka broker answers an admin call (listTopics), then creates the project's topics.
// Used by scripts/stack; exits non-zero with the last error when the deadline passes.
import { TOPIC_SPECS } from '@hotline/contracts';
import { createKafka, ensureTopics } from '@hotline/kafka';

const [brokerList = '127.0.0.1:9092', timeoutArg = '60', mode = 'wait'] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutArg) * 1000;
const kafka = createKafka({ brokers: brokerList.split(','), clientId: 'hotline-stack', connectionTimeout: 2_000, retry: { retries: 0 } });

let lastError: unknown;
while (Date.now() < deadline) {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = await admin.listTopics();
    if (mode === 'ensure-topics') {
      const created = await ensureTopics(admin, TOPIC_SPECS);
      console.log(`kafka ready at ${brokerList}: ${topics.length} topics${created.length ? `, created ${created.join(', ')}` : ''}`);
    } else {
      console.log(`kafka ready at ${brokerList}: ${topics.length} topics`);
    }
    await admin.disconnect();
    process.exit(0);
  } catch (err) {
    lastError = err;
    await admin.disconnect().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
console.error(`kafka at ${brokerList} did not answer an admin call within ${timeoutArg}s: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
process.exit(1);
