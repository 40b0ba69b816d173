import { z } from 'zod';
import { MessageKindSchema, PrioritySchema } from '@hotline/contracts';
import type { Priority } from '@hotline/contracts';
import { tryParseDuration } from './duration.ts';
import { SlaError } from './errors.ts';
import { WorkingTimeSchema } from './working-hours.ts';

/** The three clocks a routed ticket runs: 签收 (sign for), 先行联系 (first contact with the caller), 办结 (resolve). */
export const CLOCK_NAMES = ['signFor', 'firstContact', 'resolve'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

/** `working`: only working time counts (statutory holidays and ordinary weekends pause it, 调休 days run it). `calendar`: every hour counts. */
export const CLOCK_BASES = ['working', 'calendar'] as const;
export type ClockBasis = (typeof CLOCK_BASES)[number];

const DurationTextSchema = z.string().superRefine((text, ctx) => {
  const parsed = tryParseDuration(text);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

/** Share of the window used at which the light turns yellow: above 0, at most 1 (1 = never yellow). */
const ShareSchema = z.number().gt(0).lte(1);

export const ClockSpecSchema = z.strictObject({
  duration: DurationTextSchema,
  basis: z.enum(CLOCK_BASES),
  /** Overrides the policy-wide share for this clock. */
  yellowAt: ShareSchema.optional(),
  /** Why this number: the practice or rule it follows, or that it is a project choice. Required, so every default explains itself. */
  source: z.string().min(1),
});
export type ClockSpec = z.infer<typeof ClockSpecSchema>;

export const ClockSetSchema = z.strictObject({
  signFor: ClockSpecSchema,
  firstContact: ClockSpecSchema,
  resolve: ClockSpecSchema,
});
export type ClockSet = z.infer<typeof ClockSetSchema>;

const PartialClockSetSchema = z
  .strictObject({ signFor: ClockSpecSchema.optional(), firstContact: ClockSpecSchema.optional(), resolve: ClockSpecSchema.optional() })
  .refine((clocks) => Object.keys(clocks).length > 0, { message: 'a rule must set at least one clock' });

/** A rule applies when every condition it names holds (lists match any of their values). */
export const RuleWhenSchema = z
  .strictObject({
    priority: z.array(PrioritySchema).min(1).optional(),
    /** Message kinds from the intake contract (complaint, request, consultation, suggestion, report, praise). */
    kind: z.array(MessageKindSchema).min(1).optional(),
    /** Classifier categories, matched exactly. */
    category: z.array(z.string().min(1)).min(1).optional(),
    /** The operator-set 疑难复杂 flag. */
    complex: z.boolean().optional(),
  })
  .refine((when) => Object.keys(when).length > 0, { message: 'a rule needs at least one condition' });
export type RuleWhen = z.infer<typeof RuleWhenSchema>;

export const PolicyRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a lower-case id such as consultation-normal'),
  description: z.string().min(1),
  when: RuleWhenSchema,
  clocks: PartialClockSetSchema,
});
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

const clocksByPriority = {
  urgent: ClockSetSchema,
  high: ClockSetSchema,
  normal: ClockSetSchema,
} satisfies Record<Priority, typeof ClockSetSchema>;

export const SlaPolicySchema = z
  .strictObject({
    $comment: z.string().optional(),
    about: z.string().min(1),
    version: z.literal(1),
    timeZone: z.literal('Asia/Shanghai'),
    workingTime: WorkingTimeSchema,
    lights: z.strictObject({ yellowAt: ShareSchema, source: z.string().min(1) }),
    /** The base clocks of each priority. */
    clocks: z.strictObject(clocksByPriority),
    /** Applied in order over the base clocks; a later matching rule overrides an earlier one clock by clock. */
    rules: z.array(PolicyRuleSchema).default([]),
    /**
     * 回访: the command center's own clock, from each 办结 to the call back to the citizen. Absent: no such clock.
     * One for every ticket: the department's work is done, and the call is the center's.
     */
    followUp: ClockSpecSchema.optional(),
  })
  .superRefine((policy, ctx) => {
    const ids = new Set<string>();
    policy.rules.forEach((rule, index) => {
      if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id ${rule.id}` });
      ids.add(rule.id);
    });
  });
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;
export type SlaPolicyInput = z.input<typeof SlaPolicySchema>;

export interface ClockSelector {
  priority: Priority;
  kind?: string | undefined;
  category?: string | undefined;
  complex?: boolean | undefined;
}

export function ruleMatches(when: RuleWhen, input: ClockSelector): boolean {
  if (when.priority && !when.priority.includes(input.priority)) return false;
  if (when.kind && !(input.kind !== undefined && (when.kind as readonly string[]).includes(input.kind))) return false;
  if (when.category && !(input.category !== undefined && when.category.includes(input.category))) return false;
  if (when.complex !== undefined && when.complex !== (input.complex === true)) return false;
  return true;
}

export interface SelectedClock {
  spec: ClockSpec;
  /** `priority:<name>` for a base clock, `rule:<id>` when a rule set it. */
  setBy: string;
}

/** Which spec each clock takes for a ticket, and what set it: the base clocks of its priority, then matching rules in order. */
export function selectClocks(input: ClockSelector, policy: SlaPolicy): { clocks: Record<ClockName, SelectedClock>; matchedRules: PolicyRule[] } {
  const base = (policy.clocks as Partial<Record<string, ClockSet>>)[input.priority];
  if (!base) {
    throw new SlaError('SLA_POLICY_GAP', `the SLA policy has no clocks for priority ${JSON.stringify(input.priority)}`, { priority: input.priority });
  }
  const setBy = `priority:${input.priority}`;
  const clocks: Record<ClockName, SelectedClock> = {
    signFor: { spec: base.signFor, setBy },
    firstContact: { spec: base.firstContact, setBy },
    resolve: { spec: base.resolve, setBy },
  };
  const matchedRules = policy.rules.filter((rule) => ruleMatches(rule.when, input));
  for (const rule of matchedRules) {
    for (const name of CLOCK_NAMES) {
      const spec = rule.clocks[name];
      if (spec) clocks[name] = { spec, setBy: `rule:${rule.id}` };
    }
  }
  return { clocks, matchedRules };
}
