import { z } from 'zod';
import { DepartmentRefSchema } from './department.ts';

/** Who issued a command; departments act only on their own tickets. */
export const ActorSchema = z.object({
  role: z.enum(['operator', 'department', 'admin', 'system']),
  id: z.string().min(1).max(100),
  departmentId: z.string().min(1).optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

/** 退单 reasons. */
export const RETURN_REASONS = ['not_our_duty', 'wrong_location', 'duplicate', 'insufficient_information', 'other'] as const;
/** How a department first reached the caller (先行联系): by phone, text message, or a visit on site (上门). */
export const CONTACT_METHODS = ['phone', 'sms', 'visit', 'other'] as const;
/** 回访 satisfaction. */
export const SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
const note = z.string().trim().max(2_000);
const isoDuration = z.string().regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$/, 'expected an ISO-8601 duration such as P3D or PT12H');

/** Commands, as the command handler (and later the API) accepts them. */
export const TicketCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('signFor') }),
  z.object({ command: z.literal('contact'), method: z.enum(CONTACT_METHODS), note: note.optional() }),
  z.object({ command: z.literal('reply'), message: note.min(1) }),
  z.object({ command: z.literal('resolve'), summary: note.min(1) }),
  z.object({ command: z.literal('return'), reason: z.enum(RETURN_REASONS), note: note.optional() }),
  z.object({ command: z.literal('reviewReturn'), decision: z.enum(['uphold', 'reject']), department: DepartmentRefSchema.optional(), note: note.optional() }),
  z.object({ command: z.literal('reroute'), department: DepartmentRefSchema, coDepartments: z.array(DepartmentRefSchema).max(10).default([]), note: note.optional() }),
  z.object({ command: z.literal('requestExtension'), amount: isoDuration, reason: note.min(1) }),
  z.object({ command: z.literal('decideExtension'), approve: z.boolean(), note: note.optional() }),
  z.object({ command: z.literal('merge'), into: z.string().min(1) }),
  z.object({ command: z.literal('escalate'), note: note.min(1) }),
  z.object({ command: z.literal('markComplex'), note: note.optional() }),
  z.object({ command: z.literal('followUp'), resolved: z.boolean(), satisfaction: z.enum(SATISFACTION), note: note.optional() }),
  z.object({ command: z.literal('reopen'), note: note.optional() }),
]);
export type TicketCommand = z.infer<typeof TicketCommandSchema>;
export type TicketCommandName = TicketCommand['command'];

/** The event a command becomes: the command itself, who gave it, and the ticket version it was decided on. */
export const TicketCommandAppliedSchema = z.object({
  eventId: z.string().min(1),
  ticketId: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  producedBy: z.string().min(1),
  type: z.literal('TicketCommandApplied'),
  actor: ActorSchema,
  basedOnVersion: z.number().int().min(1),
  command: TicketCommandSchema,
});
export type TicketCommandApplied = z.infer<typeof TicketCommandAppliedSchema>;
