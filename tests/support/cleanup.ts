import type { Kafka } from '@hotline/kafka';
import type { createElasticsearch } from '@hotline/store';

type Client = ReturnType<typeof createElasticsearch>;

/**
 * Deletes everything named after `runId` (a bench run, a test run): indices, index templates, consumer groups and
 * topics. Indices are listed then deleted by name, so this also works where Elasticsearch refuses wildcard deletes
 * (action.destructive_requires_name, on by default in 8.x distributions).
 */
export async function dropRun(kafka: Kafka, elasticsearch: Client, runId: string): Promise<void> {
  await dropIndices(elasticsearch, runId);
  const templates = await elasticsearch.indices.getIndexTemplate({ name: `${runId}*` }).then((r) => r.index_templates.map((t) => t.name), () => []);
  for (const template of templates) await elasticsearch.indices.deleteIndexTemplate({ name: template });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(runId));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined); // a group whose member is still leaving stays; it holds no data
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(runId));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** Deletes the indices whose names start with `prefix` (listed, then deleted by name). */
export async function dropIndices(elasticsearch: Client, prefix: string): Promise<void> {
  const indices = Object.keys(await elasticsearch.indices.get({ index: `${prefix}*`, allow_no_indices: true, expand_wildcards: 'all' }).catch(() => ({})));
  if (indices.length > 0) await elasticsearch.indices.delete({ index: indices });
}
