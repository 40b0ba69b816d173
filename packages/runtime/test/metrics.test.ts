import { describe, expect, it } from 'vitest';
import { Metrics } from '../src/index.ts';

describe('Metrics', () => {
  it('renders counters, gauges and histograms in the Prometheus text format', () => {
    const metrics = new Metrics();
    const consumed = metrics.counter('hotline_consumed_total', 'Records read');
    consumed.inc({ topic: 'hotline.intake' }, 3);
    consumed.inc({ topic: 'hotline.intake' });
    metrics.gauge('hotline_consumer_lag', 'Lag').set(7, { partition: '2' });
    const latency = metrics.histogram('hotline_batch_seconds', 'Batch time', [0.1, 1]);
    latency.observe(0.05);
    latency.observe(0.5);
    latency.observe(3);
    expect(metrics.render().split('\n')).toEqual([
      '# HELP hotline_consumed_total Records read',
      '# TYPE hotline_consumed_total counter',
      'hotline_consumed_total{topic="hotline.intake"} 4',
      '# HELP hotline_consumer_lag Lag',
      '# TYPE hotline_consumer_lag gauge',
      'hotline_consumer_lag{partition="2"} 7',
      '# HELP hotline_batch_seconds Batch time',
      '# TYPE hotline_batch_seconds histogram',
      'hotline_batch_seconds_bucket{le="0.1"} 1',
      'hotline_batch_seconds_bucket{le="1"} 2',
      'hotline_batch_seconds_bucket{le="+Inf"} 3',
      'hotline_batch_seconds_sum 3.55',
      'hotline_batch_seconds_count 3',
      '',
    ]);
  });
});
