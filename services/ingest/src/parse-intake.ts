import {
  eventIdFor,
  IntakeMessageSchema,
  MAX_INTAKE_BYTES,
  ticketIdFor,
  type IntakeErrorCode,
  type TicketReceived,
} from '@hotline/contracts';
import { maskPii, normalizeText } from '@hotline/text';

export type IntakeResult =
  | { ok: true; event: TicketReceived }
  | { ok: false; code: IntakeErrorCode; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns one raw intake record into a TicketReceived event, or says exactly why it cannot (the dead-letter
 * reason an operator reads). Text is normalized, then personal data is masked in everything that will be
 * indexed; the caller's contact data and the unmasked text go to the event's restricted part only.
 */
export function parseIntake(
  value: Buffer | null,
  coordinates: { topic: string; partition: number; offset: string },
  now: Date,
): IntakeResult {
  if (!value || value.length === 0) return { ok: false, code: 'NOT_JSON', reason: 'empty message: no value' };
  if (value.length > MAX_INTAKE_BYTES) {
    return { ok: false, code: 'OVERSIZE', reason: `message is ${value.length} bytes; the limit is ${MAX_INTAKE_BYTES} bytes (256 KiB)` };
  }
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return { ok: false, code: 'NOT_UTF8', reason: 'message is not valid UTF-8' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, code: 'NOT_JSON', reason: `message is not JSON: ${(err as Error).message}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, code: 'NOT_JSON', reason: 'message is JSON but not an object' };
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== undefined && version !== 1) {
    return { ok: false, code: 'UNKNOWN_SCHEMA_VERSION', reason: `schemaVersion ${JSON.stringify(version)} is not supported (this service reads 1)` };
  }
  const parsed = IntakeMessageSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`);
    return { ok: false, code: 'SCHEMA_VIOLATION', reason: problems.join('; ') };
  }
  const message = parsed.data;
  const ticketId = ticketIdFor(message.channel, message.sourceId);
  const title = message.title ? maskPii(normalizeText(message.title)) : undefined;
  const body = maskPii(normalizeText(message.body));
  const maskedKinds = [...new Set([...(title?.found ?? []), ...body.found].map((finding) => finding.kind))].sort();

  return {
    ok: true,
    event: {
      type: 'TicketReceived',
      eventId: eventIdFor(ticketId, 'TicketReceived'),
      ticketId,
      occurredAt: now.toISOString(),
      producedBy: 'ingest',
      ticket: {
        channel: message.channel,
        sourceId: message.sourceId,
        receivedAt: message.receivedAt,
        ...(message.kind ? { kind: message.kind } : {}),
        ...(title ? { title: title.text } : {}),
        body: body.text,
        ...(message.location ? { location: message.location } : {}),
        ...(message.attachments ? { attachments: message.attachments } : {}),
        extra: message.extra,
      },
      restricted: {
        ...(message.caller ? { caller: message.caller } : {}),
        ...(message.title ? { originalTitle: message.title } : {}),
        originalBody: message.body,
        maskedKinds,
      },
      intake: coordinates,
    },
  };
}
