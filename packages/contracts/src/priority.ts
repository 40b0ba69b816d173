import { z } from 'zod';

/**
 * One priority scale for triage, SLA clocks and the console alike.
 * urgent: life, safety or property at risk now (紧急); high: essential services out — water, power, gas, heating —
 * or a vulnerable person affected (较急); normal: everything else (一般).
 */
export const PRIORITIES = ['urgent', 'high', 'normal'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

export const PRIORITY_LABELS_ZH: Record<Priority, string> = { urgent: '紧急', high: '较急', normal: '一般' };
