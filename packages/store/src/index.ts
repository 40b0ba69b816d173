export { createElasticsearch, waitForClusterHealth } from './client.ts';
