import { z } from 'zod';
import { ChannelSchema, MessageKindSchema, LocationSchema, AttachmentSchema, CallerSchema } from './intake.ts';
import { PrioritySchema } from './priority.ts';
import { TicketCommandAppliedSchema } from './lifecycle.ts';
import { DepartmentRefSchema } from './department.ts';

export { DepartmentRefSchema };

/** Where a record was read from; kept on events so every ticket can be traced back to its intake message. */
export const KafkaCoordinatesSchema = z.object({ topic: z.string(), partition: z.number().int(), offset: z.string() });

const eventBase = {
  eventId: z.string().min(1),
  ticketId: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  /** The service that decided the event. */
  producedBy: z.string().min(1),
};

export const TicketReceivedSchema = z.object({
  ...eventBase,
  type: z.literal('TicketReceived'),
  ticket: z.object({
    channel: ChannelSchema,
    sourceId: z.string(),
    receivedAt: z.iso.datetime({ offset: true }),
    kind: MessageKindSchema.optional(),
    /** Normalized, with personal data masked: this is what is indexed and shown to analysts. */
    title: z.string().optional(),
    body: z.string(),
    location: LocationSchema.optional(),
    attachments: z.array(AttachmentSchema).optional(),
    extra: z.record(z.string(), z.unknown()),
  }),
  /** Contact data and the unmasked text, for authorised roles only; never indexed for search. */
  restricted: z.object({
    caller: CallerSchema.optional(),
    originalTitle: z.string().optional(),
    originalBody: z.string(),
    maskedKinds: z.array(z.string()),
  }),
  intake: KafkaCoordinatesSchema,
});

export const CategoryScoreSchema = z.object({ category: z.string(), probability: z.number().min(0).max(1) });

export const ClassificationSchema = z.object({
  category: z.string(),
  confidence: z.number().min(0).max(1),
  alternatives: z.array(CategoryScoreSchema),
  modelVersion: z.string(),
});

export const ResolvedLocationSchema = z.object({
  district: z.string().optional(),
  street: z.string().optional(),
  /** The words in the message (or the location field) that matched the gazetteer. */
  matched: z.array(z.string()),
  source: z.enum(['field', 'text', 'none']),
});

export const UrgencySchema = z.object({ priority: PrioritySchema, reasons: z.array(z.string()) });


/** The level-2/level-3 category of the official taxonomy within the top-level class, with the phrases that chose it. */
export const FineCategorySchema = z.object({
  level2: z.string().optional(),
  level3: z.string().optional(),
  path: z.array(z.string()),
  matchedPhrases: z.array(z.string()),
});

export const TicketTriagedSchema = z.object({
  ...eventBase,
  type: z.literal('TicketTriaged'),
  /**
   * Where jieba cut the ticket's title and body when triage segmented them (`encodeCuts` of @hotline/text): the
   * tracker, and any rebuild of the index, take the search tokens from it instead of segmenting again. Events
   * written before it existed lack it.
   */
  cuts: z.object({ title: z.string().optional(), body: z.string() }).optional(),
  classification: ClassificationSchema,
  fineCategory: FineCategorySchema.optional(),
  location: ResolvedLocationSchema,
  urgency: UrgencySchema,
});

export const TicketRoutedSchema = z.object({
  ...eventBase,
  type: z.literal('TicketRouted'),
  department: DepartmentRefSchema,
  coDepartments: z.array(DepartmentRefSchema),
  priority: PrioritySchema,
  /** The dispatch-catalog rule that chose the department, in words an operator can check. */
  rule: z.object({ id: z.string(), description: z.string() }),
});

export const MANUAL_TRIAGE_REASONS = ['low_confidence', 'no_catalog_rule', 'location_unresolved', 'classifier_unavailable'] as const;

export const TicketNeedsManualTriageSchema = z.object({
  ...eventBase,
  type: z.literal('TicketNeedsManualTriage'),
  reason: z.object({ code: z.enum(MANUAL_TRIAGE_REASONS), message: z.string() }),
  priority: PrioritySchema,
  /** The machine's best guesses, shown to the operator in the manual queue. */
  suggestions: z.array(DepartmentRefSchema.extend({ why: z.string() })),
});

/** The department's three clocks, and 回访 (follow-up), the command center's own, started by each 办结. */
export const SLA_CLOCKS = ['signFor', 'firstContact', 'resolve', 'followUp'] as const;
export type SlaClockName = (typeof SLA_CLOCKS)[number];

/** A notice from the SLA sweep: a clock passed its yellow point or its deadline. It does not change the version. */
const slaNotice = {
  ...eventBase,
  clock: z.enum(SLA_CLOCKS),
  /** The deadline the notice is about; a notice about a deadline that has since moved is ignored. */
  due: z.string(),
  departmentId: z.string().optional(),
};
export const SlaWarningSchema = z.object({ ...slaNotice, type: z.literal('SlaWarning') });
export const SlaBreachedSchema = z.object({ ...slaNotice, type: z.literal('SlaBreached') });
export type SlaWarning = z.infer<typeof SlaWarningSchema>;
export type SlaBreached = z.infer<typeof SlaBreachedSchema>;

export const TicketEventSchema = z.discriminatedUnion('type', [
  SlaWarningSchema,
  SlaBreachedSchema,
  TicketReceivedSchema,
  TicketTriagedSchema,
  TicketRoutedSchema,
  TicketNeedsManualTriageSchema,
  TicketCommandAppliedSchema,
]);

export type TicketReceived = z.infer<typeof TicketReceivedSchema>;
export type TicketTriaged = z.infer<typeof TicketTriagedSchema>;
export type TicketRouted = z.infer<typeof TicketRoutedSchema>;
export type TicketNeedsManualTriage = z.infer<typeof TicketNeedsManualTriageSchema>;
export type TicketEvent = z.infer<typeof TicketEventSchema>;
export type TicketEventType = TicketEvent['type'];
export type Classification = z.infer<typeof ClassificationSchema>;
export type FineCategory = z.infer<typeof FineCategorySchema>;
export type ResolvedLocation = z.infer<typeof ResolvedLocationSchema>;
export type Urgency = z.infer<typeof UrgencySchema>;
export type DepartmentRef = z.infer<typeof DepartmentRefSchema>;

/** A message on hotline.tickets.routed, keyed by department id: what a department's own system receives. */
export const RoutedTicketMessageSchema = z.object({
  schemaVersion: z.literal(1),
  ticketId: z.string(),
  department: DepartmentRefSchema,
  coDepartments: z.array(DepartmentRefSchema),
  priority: PrioritySchema,
  category: z.string(),
  channel: ChannelSchema,
  sourceId: z.string(),
  receivedAt: z.iso.datetime({ offset: true }),
  routedAt: z.iso.datetime({ offset: true }),
  title: z.string().optional(),
  body: z.string(),
  location: ResolvedLocationSchema,
});
export type RoutedTicketMessage = z.infer<typeof RoutedTicketMessageSchema>;

export type DecodedTicketEvent =
  | { ok: true; event: TicketEvent }
  | { ok: false; code: 'NOT_JSON' | 'SCHEMA_VIOLATION'; reason: string };

// One decoder for every record: constructing one per call was a twentieth of decoding an event.
const utf8 = new TextDecoder();

/** Reads a record of the ticket event log, or says why it cannot (the dead-letter reason). */
export function decodeTicketEvent(value: Uint8Array | null): DecodedTicketEvent {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(value ?? new Uint8Array()));
  } catch (err) {
    return { ok: false, code: 'NOT_JSON', reason: `ticket event is not JSON: ${(err as Error).message}` };
  }
  const parsed = TicketEventSchema.safeParse(json);
  if (parsed.success) return { ok: true, event: parsed.data };
  return { ok: false, code: 'SCHEMA_VIOLATION', reason: parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') };
}
