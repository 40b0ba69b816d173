import { z } from 'zod';

/** Channels a citizen message can arrive through. */
export const CHANNELS = ['phone', 'suggestion_box', 'web', 'app', 'wechat', 'sms', 'email', 'other'] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

/** 投诉 / 求助 / 咨询 / 建议 / 举报 / 表扬 */
export const MESSAGE_KINDS = ['complaint', 'request', 'consultation', 'suggestion', 'report', 'praise'] as const;
export const MessageKindSchema = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKindSchema>;

/** Largest intake message accepted, in bytes of the Kafka value; larger ones are dead-lettered. */
export const MAX_INTAKE_BYTES = 256 * 1024;
export const MAX_BODY_CHARS = 20_000;

const optionalText = (max: number) => z.string().trim().max(max).optional();

export const CallerSchema = z.object({
  name: optionalText(100),
  phone: optionalText(40),
  idNumber: optionalText(40),
});

export const LocationSchema = z.object({
  address: optionalText(500),
  district: optionalText(100),
  street: optionalText(100),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});

export const AttachmentSchema = z.object({
  url: z.url().max(2000),
  mediaType: z.string().trim().min(1).max(200),
});

const intakeFields = {
  schemaVersion: z.literal(1),
  sourceId: z.string().trim().min(1).max(200),
  channel: ChannelSchema,
  receivedAt: z.iso.datetime({ offset: true }),
  title: optionalText(500),
  body: z.string().trim().min(1, 'body is empty').max(MAX_BODY_CHARS, `body is longer than ${MAX_BODY_CHARS} characters`),
  kind: MessageKindSchema.optional(),
  caller: CallerSchema.optional(),
  location: LocationSchema.optional(),
  attachments: z.array(AttachmentSchema).max(50).optional(),
};

/**
 * IntakeMessage v1 as it is parsed: unknown top-level fields are not rejected but gathered into `extra`.
 */
export const IntakeMessageSchema = z
  .object(intakeFields)
  .catchall(z.unknown())
  .transform((message) => {
    const known: Record<string, unknown> = {};
    const extra: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(message)) (key in intakeFields ? known : extra)[key] = value;
    return { ...(known as z.infer<z.ZodObject<typeof intakeFields>>), extra };
  });

export type IntakeMessage = z.output<typeof IntakeMessageSchema>;
/** What producers send (no `extra` bag; extra fields simply ride along). */
export type IntakeMessageInput = z.input<typeof IntakeMessageSchema>;
