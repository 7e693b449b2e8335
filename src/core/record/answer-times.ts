import type { Metric } from 'prom-client';

/** Answer-time buckets, in seconds: from a fast in-memory answer to a long forced delay. */
const BOUNDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One line of the rendered metric, as prom-client's registry reads its own metrics' values. */
interface Line {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

interface Tally {
  /** Calls at or under each bound, by bound (not cumulative until rendered). */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram of answer times by API, counted in plain numbers and handed to
 * prom-client's registry only when it is scraped. prom-client's own Histogram hashes its
 * labels on every observation, which measured as 5 to 10 % of the mock's throughput under
 * load; here an observation is a scan of twelve bounds. The registry renders it as it
 * renders its own histograms (`_bucket` with `le`, `_sum`, `_count`).
 */
export class AnswerTimes {
  readonly name = 'regionmock_answer_duration_seconds';
  readonly help = "Time from a vendor call's arrival to the end of its answer, by API (delays and latency included)";
  private readonly tallies = new Map<string, Tally>();

  observe(api: string, seconds: number): void {
    let tally = this.tallies.get(api);
    if (!tally) this.tallies.set(api, (tally = { buckets: BOUNDS.map(() => 0), sum: 0, count: 0 }));
    const at = BOUNDS.findIndex((bound) => seconds <= bound);
    if (at >= 0) tally.buckets[at] += 1;
    tally.sum += seconds;
    tally.count += 1;
  }

  get(): { name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: Line[] } {
    const values: Line[] = [];
    for (const [api, tally] of this.tallies) {
      let below = 0;
      BOUNDS.forEach((bound, i) => {
        below += tally.buckets[i];
        values.push({ metricName: `${this.name}_bucket`, labels: { le: bound, api }, value: below });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', api }, value: tally.count });
      values.push({ metricName: `${this.name}_sum`, labels: { api }, value: tally.sum });
      values.push({ metricName: `${this.name}_count`, labels: { api }, value: tally.count });
    }
    return { name: this.name, help: this.help, type: 'histogram', aggregator: 'sum', values };
  }

  /** The registry takes any object that renders as a metric; prom-client's types name only its own classes. */
  asMetric(): Metric {
    return this as unknown as Metric;
  }
}
