import type { DepartmentRef } from '@hotline/contracts';
import type { RoutingOutcome } from '../decide.ts';
import type { Department } from '../schemas.ts';

/** One output line of the batch router: the decision, flattened for people and scripts. */
export interface RoutingRecord {
  id: unknown;
  category: string;
  confidence: number;
  alternatives: Array<{ category: string; probability: number }>;
  fineCategory: { level2: string | null; level3: string | null; path: string[]; matchedPhrases: string[]; score: number };
  /** The lead department; for a manual decision, the first suggestion (null when there is none). */
  department: DepartmentRef | null;
  coDepartments: DepartmentRef[];
  function: string | null;
  level: Department['level'] | null;
  priority: string;
  manual: boolean;
  manualReason: { code: string; message: string } | null;
  suggestions: Array<DepartmentRef & { why: string }>;
  rule: string | null;
  reasons: {
    rule: string;
    matchedPhrases: string[];
    urgency: string[];
    location: { district: string | null; street: string | null; matched: string[]; source: string };
  };
}

export function routingRecord(id: unknown, outcome: RoutingOutcome, departments: Map<string, Department>): RoutingRecord {
  const { classification, fine, location, urgency, decision } = outcome;
  const lead = decision.status === 'routed' ? decision.department : (decision.suggestions[0] ?? null);
  const department = lead ? departments.get(lead.id) : undefined;
  return {
    id,
    category: classification.category,
    confidence: Math.round(classification.confidence * 1000) / 1000,
    alternatives: classification.alternatives.map((item) => ({ category: item.category, probability: Math.round(item.probability * 1000) / 1000 })),
    fineCategory: { level2: fine.level2 ?? null, level3: fine.level3 ?? null, path: fine.path, matchedPhrases: fine.matchedPhrases, score: fine.score },
    department: lead ? { id: lead.id, name: lead.name } : null,
    coDepartments: decision.status === 'routed' ? decision.coDepartments : [],
    function: department?.functionCode ?? null,
    level: department?.level ?? null,
    priority: urgency.priority,
    manual: decision.status === 'manual',
    manualReason: decision.status === 'manual' ? decision.reason : null,
    suggestions: decision.status === 'manual' ? decision.suggestions : [],
    rule: decision.status === 'routed' ? decision.rule.id : null,
    reasons: {
      rule: decision.status === 'routed' ? decision.rule.description : decision.reason.message,
      matchedPhrases: fine.matchedPhrases,
      urgency: urgency.reasons,
      location: { district: location.district ?? null, street: location.street ?? null, matched: location.matched, source: location.source },
    },
  };
}
