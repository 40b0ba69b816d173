import { Client } from '@elastic/elasticsearch';

/**
 * An Elasticsearch client for the project. The local node is the minimal distribution: it has no `GET /`
 * (rest-root module), so readiness goes through cluster health, never `ping()` / `info()`.
 */
export function createElasticsearch(options: { url: string; username?: string; password?: string; requestTimeoutMs?: number }): Client {
  return new Client({
    node: options.url,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    ...(options.username ? { auth: { username: options.username, password: options.password ?? '' } } : {}),
  });
}

/** Resolves once the cluster is at least yellow; throws if it is not within the timeout. */
export async function waitForClusterHealth(client: Client, options: { timeoutSeconds?: number } = {}): Promise<string> {
  const health = await client.cluster.health({
    wait_for_status: 'yellow',
    timeout: `${options.timeoutSeconds ?? 30}s`,
  });
  if (health.timed_out || health.status === 'red') {
    throw new Error(`Elasticsearch cluster "${health.cluster_name}" is ${health.status} (timed out waiting for yellow)`);
  }
  return health.status;
}
