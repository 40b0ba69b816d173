import type { ProfileSummary } from './cpu-profile.ts';
import type { CpuProfile } from './profile.ts';

/** The shapes of bench/results/*.json: the benches write them, bench/results.ts reads them. */

export interface LatencyAtRate {
  rate: number;
  /** The rate the sends kept up (the producer may fall short of the schedule). */
  achievedRate: number;
  n: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Medians per hop: send → ingest decided, → triage decided, → found by a search (tracker and refresh). */
  hopMediansMs: { ingest: number; triage: number; trackerAndRefresh: number };
}

export interface Throughput {
  n: number;
  producedInSeconds: number;
  firstSearchableSeconds: number;
  allSearchableSeconds: number;
  messagesPerSecond: number;
  /** The lowest rate over any 5 s between the first and the last searchable ticket (null when that is under 5 s). */
  lowest5sMessagesPerSecond: number | null;
  /** [seconds since the first send, tickets searchable], about every second. */
  series: Array<[number, number]>;
  /** Where the time went: CPU seconds per process, and when each hop's consumer group committed its last record. */
  profile: CpuProfile & { hopsDrainedSeconds: Record<string, number> };
  /**
   * Pipeline only: batches each service retried during the burst after a retriable failure (Elasticsearch 429 or
   * away, a broker away), from its hotline_consumer_retries_total. The figures above include that lost time.
   */
  retriedBatches?: Record<string, number>;
  /**
   * What the burst asked of Elasticsearch, from the setup's indices' counters: documents indexed per index (tickets,
   * ticket-events, plain-copy; an update indexes the whole document again) and documents fetched by id (the
   * tracker's reads before it writes). Absent in results written before it was recorded.
   */
  elasticsearchOperations?: { indexed: Record<string, number>; fetchedById: number };
  /** With more than one round: every round's figures; the rest of this object is the median round's. */
  rounds?: Array<{ messagesPerSecond: number; lowest5sMessagesPerSecond: number | null }>;
}

export const SETUPS = ['pipeline', 'skeleton', 'plain'] as const;
export type Setup = (typeof SETUPS)[number];

export interface PipelineFigures {
  messages: { source: string; burst: number; secondsPerRate: number };
  latency: LatencyAtRate[];
  throughput: Record<Setup, Throughput | null>;
  /** pipeline/skeleton: the cost of the logic; skeleton/plain: the cost of the architecture. */
  ratios: { pipelineToSkeleton: number | null; skeletonToPlain: number | null };
  /** With --cpu-profile: each process's self time by package, from the start of the burst to its exit. */
  cpuProfiles?: Record<string, ProfileSummary>;
}

/** `bash scripts/bench backlog`: intake filled while no service ran, then the services started. */
export interface BacklogFigures {
  messages: { source: string; count: number };
  /** INGEST_TRIAGE_BACKLOG_LIMIT the services ran with. */
  admissionLimit: number;
  /** How long filling intake took (before the services started; not part of the recovery). */
  producedInSeconds: number;
  /** Seconds from starting the services until all three consumed (the clock starts at their start). */
  readyAfterSeconds: number;
  firstSearchableSeconds: number;
  allSearchableSeconds: number;
  /** Messages over all the seconds from the services' start to the last searchable ticket. */
  messagesPerSecond: number;
  lowest5sMessagesPerSecond: number | null;
  /** The most event-log records triage had yet to commit at any sample. */
  triageBehindMax: number;
  /** Each process's largest resident memory (MiB) at any sample; absent in results written before it was recorded. */
  peakResidentMiB?: Record<string, number>;
  /** [seconds since the services' start, tickets searchable and triaged, event-log records triage had yet to commit], about every second. */
  series: Array<[number, number, number]>;
  profile: CpuProfile & { hopsDrainedSeconds: Record<string, number> };
  /** Counted at the end: tickets, those triaged, audit records (three per ticket), records in each dead-letter topic. */
  check: { tickets: number; triaged: number; auditRecords: number; deadLetters: Record<string, number> };
  /** With more than one round: every round's figures; the rest of this object is the median round's. */
  rounds?: Array<{ allSearchableSeconds: number; messagesPerSecond: number; lowest5sMessagesPerSecond: number | null }>;
}

/** Whether every message became one triaged ticket with its three audit records, and nothing was dead-lettered. */
export function backlogComplete({ messages, check }: BacklogFigures): boolean {
  return check.tickets === messages.count && check.triaged === messages.count && check.auditRecords === 3 * messages.count && Object.values(check.deadLetters).every((n) => n === 0);
}

export interface StepFigures {
  name: string;
  perSecond: number;
  min: number;
  max: number;
  microsecondsEach: number;
}

export interface ProjectionFigures {
  batchSize: number;
  partitionsInParallel: number;
  tickets: number;
  events: number;
  seconds: number;
  ticketsPerSecond: number;
  eventsPerSecond: number;
}

export interface ComponentFigures {
  steps: StepFigures[];
  projection: ProjectionFigures[];
}

export interface GenerationFigures {
  tickets: number;
  events: number;
  eventsPerTicket: number;
  megabytes: number;
  seconds: number;
  eventsPerSecond: number;
}

export interface RebuildFigures {
  tickets: number;
  events: number;
  seconds: number;
  startupSeconds: number;
  ticketsPerSecond: number;
  eventsPerSecond: number;
  /** Tickets written out early (working set full) and read back when touched again. */
  readBack?: number;
  /** The Elasticsearch node before the rebuild: minutes up, documents it had indexed since it started. */
  nodeBefore?: { uptimeMinutes: number; documentsIndexed: number };
  profile: CpuProfile;
  /** With --cpu-profile: the rebuild's self time by package. */
  cpuProfile?: ProfileSummary;
}

export interface SearchQueryFigures {
  name: string;
  words: string[];
  hits: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  tookP50Ms: number;
  tookP95Ms: number;
}

export interface IndexSize {
  docs: number;
  storeMiB: number;
  /** Absent in results written before it was recorded. */
  segments?: number;
}

export interface ScaleFigures {
  /** The run id the topics and indices are named after (for --search-only / --drop). */
  prefix: string;
  lifecycle: string;
  generation: GenerationFigures | null;
  rebuild: RebuildFigures | null;
  index: {
    tickets: IndexSize;
    events: IndexSize;
    /** Seconds the search waited after the rebuild for the ticket index's background merges to finish. */
    mergesSettledSeconds?: number;
  };
  search: {
    tickets: number;
    rounds: number;
    warmup: number;
    queries: SearchQueryFigures[];
    all: { p50Ms: number; p95Ms: number; p99Ms: number };
    worstP95Ms: number;
    worstQuery: string;
  };
}
