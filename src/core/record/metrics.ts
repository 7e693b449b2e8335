import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { AnswerTimes } from './answer-times';
import type { Outcome } from '../arrival/exchange';
import type { Via as CoverageVia } from './coverage';

/** What the metrics read when scraped, rather than counting it themselves: sizes the stores already keep. */
export interface MetricSources {
  /** Sessions alive now, the default one included. */
  sessions(): number;
  journalEntries(): number;
  journalBytes(): number;
  /** Writes of the data file that failed since start-up (each refused its change). */
  storeWriteFailures(): number;
}

type CallLabel = 'api' | 'operation' | 'status' | 'via';

/** How an answer came about, as a label: coverage's `via`, the mock's own words, or a network fault in place of an answer. */
type Via = CoverageVia | 'mock' | 'network';

/**
 * The Prometheus metrics of one app, on a registry of its own (a process may run many apps:
 * a test suite's). Read-side only, like coverage: a call is counted once it is over, and
 * nothing here changes an answer. Process metrics are added at the first scrape, since each
 * set of them watches the garbage collector and the event loop for as long as the process
 * lives, which an app nobody scrapes has no use for.
 */
export class CallMetrics {
  private readonly registry = new Registry();
  private processMetrics = false;
  /**
   * Counted here, in plain numbers, and handed to prom-client when scraped (as the answer
   * times are, answer-times.ts): a call costs a map lookup, a scrape one pass over the label
   * sets seen.
   */
  private readonly callCounts = new Map<string, { labels: Record<CallLabel, string>; count: number }>();
  private readonly faultCounts = new Map<string, number>();
  private inFlight = 0;
  private readonly durations = new AnswerTimes();
  constructor(sources: MetricSources) {
    const { callCounts, faultCounts } = this;
    this.registry.registerMetric(this.durations.asMetric());
    new Counter({
      name: 'regionmock_calls_total',
      help: 'Vendor calls over, by API, operation (none for a route the document lacks), status (none when no answer went out) and how the answer came about',
      labelNames: ['api', 'operation', 'status', 'via'] as const,
      registers: [this.registry],
      collect: function (this: Counter<CallLabel>) {
        this.reset();
        for (const { labels, count } of callCounts.values()) this.inc(labels, count);
      },
    });
    new Counter({
      name: 'regionmock_faults_fired_total',
      help: 'Vendor calls a fault answered or cut, by API',
      labelNames: ['api'] as const,
      registers: [this.registry],
      collect: function (this: Counter<'api'>) {
        this.reset();
        for (const [api, count] of faultCounts) this.inc({ api }, count);
      },
    });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({ name, help, registers: [this.registry], collect: function (this: Gauge) { this.set(read()); } });
    gauge('regionmock_calls_in_flight', 'Vendor calls arrived and not over yet (a drain waits for them)', () => this.inFlight);
    gauge('regionmock_sessions', 'Sessions alive, the default one included', sources.sessions);
    gauge('regionmock_journal_entries', 'Journal entries held by all sessions together', sources.journalEntries);
    gauge('regionmock_journal_bytes', 'Text held by all journals together, as counted against --journal-bytes', sources.journalBytes);
    new Counter({
      name: 'regionmock_store_write_failures_total',
      help: 'Writes of the data file (--data) that failed; each refused its change',
      registers: [this.registry],
      collect: function (this: Counter) {
        this.reset();
        this.inc(sources.storeWriteFailures());
      },
    });
  }

  /** A vendor call was routed; `record` counts it once it is over. */
  started(): void {
    this.inFlight += 1;
  }

  /** Counts one vendor call, once it is over. */
  record(api: string, operationId: string | null, outcome: Outcome, mockOwn: boolean): void {
    this.inFlight -= 1;
    const via: Via = outcome.networkFault !== null ? 'network' : (outcome.forced ?? (mockOwn ? 'mock' : 'natural'));
    const operation = operationId ?? 'none';
    const status = outcome.status === null ? 'none' : String(outcome.status);
    const key = `${api} ${operation} ${status} ${via}`;
    const seen = this.callCounts.get(key);
    if (seen) seen.count += 1;
    else this.callCounts.set(key, { labels: { api, operation, status, via }, count: 1 });
    this.durations.observe(api, outcome.durationMs / 1000);
    if (outcome.forced === 'fault' || outcome.networkFault !== null) this.faultCounts.set(api, (this.faultCounts.get(api) ?? 0) + 1);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The metrics in Prometheus's text format. */
  text(): Promise<string> {
    if (!this.processMetrics) {
      collectDefaultMetrics({ register: this.registry });
      this.processMetrics = true;
    }
    return this.registry.metrics();
  }
}
