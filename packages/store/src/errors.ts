import { errors } from '@elastic/elasticsearch';
import { HotlineError } from '@hotline/contracts';

/**
 * Turns an Elasticsearch client failure into a coded error whose `retriable` flag the consumer runner trusts:
 * the node being down, overloaded or timing out is retriable; a rejected request is not.
 */
export function toStoreError(err: unknown, action: string): HotlineError {
  if (err instanceof HotlineError) return err;
  if (err instanceof errors.ConnectionError || err instanceof errors.TimeoutError || err instanceof errors.NoLivingConnectionsError) {
    return new HotlineError('ES_UNAVAILABLE', `Elasticsearch unavailable during ${action}: ${err.message}`, { retriable: true, cause: err });
  }
  if (err instanceof errors.ResponseError) {
    const status = err.statusCode ?? 0;
    const retriable = status === 429 || status >= 500;
    return new HotlineError(retriable ? 'ES_UNAVAILABLE' : 'ES_REJECTED', `Elasticsearch answered ${status} during ${action}: ${err.message}`, { retriable, cause: err });
  }
  return new HotlineError('ES_ERROR', `Elasticsearch failed during ${action}: ${err instanceof Error ? err.message : String(err)}`, { retriable: false, cause: err });
}
