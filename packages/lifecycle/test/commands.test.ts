import { describe, expect, it } from 'vitest';
import type { Actor, TicketCommand, TicketDocument } from '@hotline/contracts';
import { applyEvent, availableCommands, checkMergeTarget, decide, isClockRunning } from '../src/index.ts';
import { fakeContext } from './fake-context.ts';

const context = fakeContext;

const routedTicket: TicketDocument = {
  ticketId: 'T1',
  channel: 'phone',
  sourceId: 'S1',
  receivedAt: '2026-03-02T09:00:00+08:00',
  body: '路灯不亮',
  bodyTokens: '路灯 不亮',
  location: {},
  extra: {},
  status: 'routed',
  priority: 'normal',
  department: { id: 'a3-urban-management', name: 'A3区城管局' },
  coDepartments: [],
  sla: context.deadlines({ priority: 'normal', startAt: '2026-03-02T09:00:00+08:00' }),
  version: 3,
  createdAt: '2026-03-02T01:00:00.000Z',
  updatedAt: '2026-03-02T01:00:01.000Z',
  log: { partition: 0, offset: '2' },
  appliedEventIds: [],
  restricted: { originalBody: '路灯不亮', maskedKinds: [] },
};
const clerk: Actor = { role: 'department', id: 'wang', departmentId: 'a3-urban-management' };
const operator: Actor = { role: 'operator', id: 'li' };
let offset = 10;
let minute = 0;

/** Decides and applies a command, as the handler and tracker do, returning the new document. */
function run(doc: TicketDocument, command: TicketCommand, actor: Actor): TicketDocument {
  const decision = decide(doc, command, actor, new Date(Date.UTC(2026, 2, 3, 1, minute++)));
  if (!decision.ok) throw new Error(`${decision.rejection.code}: ${decision.rejection.message}`);
  const result = applyEvent(doc, { event: decision.event, partition: 0, offset: String(offset++) }, context);
  if (!result.applied) throw new Error(result.reason);
  return result.doc;
}

describe('decide', () => {
  it('rejects what the state, the role or the department does not allow, with a code and a Chinese message', () => {
    const closed = { ...routedTicket, status: 'closed' as const };
    expect(decide(closed, { command: 'signFor' }, clerk, new Date())).toMatchObject({ ok: false, rejection: { code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('已结案') } });
    expect(decide(routedTicket, { command: 'reopen' }, clerk, new Date())).toMatchObject({ ok: false, rejection: { code: 'FORBIDDEN_FOR_ROLE' } });
    expect(decide(routedTicket, { command: 'signFor' }, { ...clerk, departmentId: 'a3-housing' }, new Date())).toMatchObject({ ok: false, rejection: { code: 'NOT_YOUR_TICKET' } });
    expect(decide(routedTicket, { command: 'merge', into: 'T1' }, operator, new Date())).toMatchObject({ ok: false, rejection: { code: 'INVALID_COMMAND' } });
    expect(decide({ ...routedTicket, status: 'signed_for' }, { command: 'decideExtension', approve: true }, operator, new Date())).toMatchObject({ ok: false, rejection: { code: 'INVALID_COMMAND', message: '没有待审批的延期申请' } });
  });

  it('refuses an extension of nothing or of more than a month, and takes one up to it', () => {
    const signed = { ...routedTicket, status: 'signed_for' as const };
    const ask = (amount: string) => decide(signed, { command: 'requestExtension', amount, reason: '需协调' }, clerk, new Date());
    expect(ask('P0D')).toMatchObject({ ok: false, rejection: { code: 'INVALID_COMMAND', message: '延期时长须大于零' } });
    expect(ask('PT0H0M')).toMatchObject({ ok: false, rejection: { code: 'INVALID_COMMAND' } });
    expect(ask('P300D')).toMatchObject({ ok: false, rejection: { code: 'INVALID_COMMAND', message: '单次延期不超过 30 天（申请的是 P300D）' } });
    expect(ask('P30DT1H')).toMatchObject({ ok: false });
    for (const amount of ['PT4H', 'P3D', 'P30D']) expect(ask(amount)).toMatchObject({ ok: true });
  });

  it('names the command and the role in Chinese, as the console shows them', () => {
    expect(decide({ ...routedTicket, status: 'signed_for' }, { command: 'signFor' }, clerk, new Date())).toMatchObject({ ok: false, rejection: { message: '工单当前状态为「已签收办理中」，不能执行「签收」' } });
    expect(decide(routedTicket, { command: 'reopen' }, clerk, new Date())).toMatchObject({ ok: false, rejection: { message: '承办单位不能执行「重办」' } });
  });
});

describe('checkMergeTarget', () => {
  it('refuses a master ticket that does not exist, is closed or was itself merged, and accepts one still being handled', () => {
    expect(checkMergeTarget('T9', undefined)).toMatchObject({ code: 'INVALID_COMMAND', message: '主工单 T9 不存在' });
    expect(checkMergeTarget('T2', { ...routedTicket, ticketId: 'T2', status: 'closed' })).toMatchObject({ code: 'INVALID_COMMAND', message: expect.stringContaining('已结案') });
    expect(checkMergeTarget('T2', { ...routedTicket, ticketId: 'T2', status: 'merged', mergedInto: 'T3' })).toMatchObject({ code: 'INVALID_COMMAND', message: '主工单 T2 已并入 T3，请并入该工单' });
    for (const status of ['routed', 'signed_for', 'resolved', 'manual_triage'] as const) {
      expect(checkMergeTarget('T2', { ...routedTicket, ticketId: 'T2', status })).toBeUndefined();
    }
  });

  it('gives the same event id to the same command by the same actor on the same version, and another otherwise', () => {
    const at = new Date();
    const id = (command: TicketCommand, actor: Actor, doc = routedTicket) => {
      const decision = decide(doc, command, actor, at);
      return decision.ok ? decision.event.eventId : decision.rejection.code;
    };
    const reroute: TicketCommand = { command: 'reroute', department: { id: 'a3-housing', name: 'A3区住建局' }, coDepartments: [] };
    expect(id(reroute, operator)).toBe(id(reroute, operator));
    expect(id(reroute, operator)).not.toBe(id(reroute, { ...operator, id: 'zhao' }));
    expect(id(reroute, operator)).not.toBe(id({ ...reroute, department: { id: 'a3-government', name: 'A3区政府' } }, operator));
    expect(id(reroute, operator)).not.toBe(id(reroute, operator, { ...routedTicket, version: 4 }));
  });
});

describe('commands applied by the projection', () => {
  it('counts a rejected return against the department and keeps its clocks; an upheld one re-routes and restarts them', () => {
    const returned = run(run(routedTicket, { command: 'signFor' }, clerk), { command: 'return', reason: 'not_our_duty', note: '属供电公司职责' }, clerk);
    expect(returned).toMatchObject({ status: 'returned', returns: { count: 1, rejectedCount: 0, last: { reason: 'not_our_duty', departmentId: 'a3-urban-management' } } });

    const sentBack = run(returned, { command: 'reviewReturn', decision: 'reject', note: '属城管职责' }, operator);
    expect(sentBack).toMatchObject({ status: 'signed_for', department: { id: 'a3-urban-management' }, returns: { count: 1, rejectedCount: 1 } });
    expect(sentBack.sla).toEqual(routedTicket.sla);

    const returnedAgain = run(sentBack, { command: 'return', reason: 'wrong_location' }, clerk);
    const upheld = run(returnedAgain, { command: 'reviewReturn', decision: 'uphold', department: { id: 'a2-urban-management', name: 'A2区城管局' } }, operator);
    expect(upheld).toMatchObject({ status: 'routed', department: { id: 'a2-urban-management' }, returns: { count: 2, rejectedCount: 1 } });
    expect(upheld.handling).toBeUndefined();
    expect(upheld.sla?.startAt).toBe(upheld.updatedAt);
    expect(upheld.version).toBe(routedTicket.version + 5);
  });

  it('moves the resolve deadline by an approved extension only, and lengthens the clock of a ticket marked complex', () => {
    const signed = run(routedTicket, { command: 'signFor' }, clerk);
    const requested = run(signed, { command: 'requestExtension', amount: 'P3D', reason: '需协调供电公司' }, clerk);
    expect(requested.extension?.pending).toMatchObject({ amount: 'P3D' });
    const denied = run(requested, { command: 'decideExtension', approve: false }, operator);
    expect(denied.sla?.resolveBy).toBe(signed.sla?.resolveBy);
    expect(denied.extension).toEqual({ approved: [] });
    const approved = run(run(denied, { command: 'requestExtension', amount: 'P5D', reason: '需现场勘查' }, clerk), { command: 'decideExtension', approve: true }, operator);
    expect(approved.sla?.resolveBy).toBe(`${signed.sla?.resolveBy}+P5D`);
    expect(approved.sla?.clocks.resolve.due).toBe(approved.sla?.resolveBy);
    // The yellow point moves with the due: the sweep finds the clock by resolveWarnAt.
    expect(approved.sla?.clocks.resolve.warnAt).toBe(`${signed.sla?.clocks.resolve.warnAt}+0.8×P5D`);
    expect(approved.sla?.resolveWarnAt).toBe(approved.sla?.clocks.resolve.warnAt);
    expect(approved.extension?.approved.map((extension) => extension.amount)).toEqual(['P5D']);

    const complex = run(signed, { command: 'markComplex' }, operator);
    expect(complex).toMatchObject({ complex: true, sla: { resolveBy: '2026-03-02T09:00:00+08:00+P15D' } });
  });

  it('merges a duplicate and escalates (督办) without changing who handles it', () => {
    const escalated = run(run(routedTicket, { command: 'escalate', note: '超期未签收' }, operator), { command: 'escalate', note: '二次督办' }, operator);
    expect(escalated).toMatchObject({ escalationLevel: 2, status: 'routed', department: { id: 'a3-urban-management' } });
    expect(run(routedTicket, { command: 'merge', into: 'T2' }, operator)).toMatchObject({ status: 'merged', mergedInto: 'T2' });
  });
});

describe('先行联系 (first contact)', () => {
  // The fake context's deadlines are readable strings; these tests need a real first-contact due (3 March, 17:00).
  const dueTicket: TicketDocument = { ...routedTicket, sla: { ...routedTicket.sla!, firstContactBy: '2026-03-03T17:00:00+08:00' } };

  it('is recorded once, after 签收, stops the first-contact clock without changing the status, and says whether it was on time', () => {
    expect(decide(dueTicket, { command: 'contact', method: 'phone' }, clerk, new Date())).toMatchObject({ ok: false, rejection: { code: 'ILLEGAL_TRANSITION' } });
    const signed = run(dueTicket, { command: 'signFor' }, clerk);
    expect(isClockRunning(signed, 'firstContact')).toBe(true);
    expect(availableCommands(signed, clerk)).toContain('contact');

    const contacted = run(signed, { command: 'contact', method: 'visit', note: '约定明早现场查看' }, clerk);
    expect(contacted).toMatchObject({ status: 'signed_for', version: signed.version + 1, handling: { firstContactMethod: 'visit', firstContactOnTime: true } });
    expect(contacted.handling?.firstContactAt).toBe(contacted.updatedAt);
    expect(isClockRunning(contacted, 'firstContact')).toBe(false);
    expect(isClockRunning(contacted, 'resolve')).toBe(true);
    expect(availableCommands(contacted, clerk)).not.toContain('contact');
    expect(decide(contacted, { command: 'contact', method: 'phone' }, clerk, new Date())).toMatchObject({ ok: false, rejection: { code: 'INVALID_COMMAND', message: expect.stringContaining('已先行联系') } });

    // A later 答复 or 办结 does not move it.
    const resolved = run(run(contacted, { command: 'reply', message: '已安排维修' }, clerk), { command: 'resolve', summary: '已修复' }, clerk);
    expect(resolved.handling).toMatchObject({ firstContactAt: contacted.handling?.firstContactAt, firstContactMethod: 'visit' });
  });

  it('is the first 答复 or 办结 when none was recorded, and late after the deadline', () => {
    const signed = run(dueTicket, { command: 'signFor' }, clerk);
    expect(run(signed, { command: 'reply', message: '已收到，正在核实' }, clerk).handling).toMatchObject({ firstContactMethod: 'reply', firstContactOnTime: true });
    expect(run(signed, { command: 'resolve', summary: '已处理' }, clerk).handling).toMatchObject({ firstContactMethod: 'resolve', firstContactOnTime: true });
    const lateTicket = { ...signed, sla: { ...signed.sla!, firstContactBy: '2026-03-02T17:00:00+08:00' } };
    expect(run(lateTicket, { command: 'contact', method: 'phone' }, clerk).handling).toMatchObject({ firstContactMethod: 'phone', firstContactOnTime: false });
  });

  it('takes the first-contact clock out of the light once made', () => {
    const signed = run(dueTicket, { command: 'signFor' }, clerk);
    const late = { ...signed, slaState: { firstContact: 'red' as const }, slaLight: 'red' as const };
    expect(run(late, { command: 'contact', method: 'phone' }, clerk).slaLight).toBe('green');
  });
});

describe('回访 clock (follow-up)', () => {
  const resolvedTicket = () => run(run(routedTicket, { command: 'signFor' }, clerk), { command: 'resolve', summary: '已修复' }, clerk);
  const notice = (doc: TicketDocument, type: 'SlaWarning' | 'SlaBreached'): TicketDocument => {
    const event = { type, eventId: `${type}-${offset}`, ticketId: doc.ticketId, occurredAt: '2026-03-10T01:00:00.000Z', producedBy: 'tracker:sla-sweep', clock: 'followUp' as const, due: doc.sla!.followUpBy! };
    const result = applyEvent(doc, { event, partition: 0, offset: String(offset++) }, context);
    if (!result.applied) throw new Error(result.reason);
    return result.doc;
  };

  it('starts at each 办结 and runs until the 回访', () => {
    const resolved = resolvedTicket();
    expect(resolved.sla?.followUpBy).toBe(`${resolved.handling?.resolvedAt}+P3D`);
    expect(resolved.sla?.clocks.followUp?.due).toBe(resolved.sla?.followUpBy);
    expect(resolved.sla?.followUpWarnAt).toBe(resolved.sla?.clocks.followUp?.warnAt);
    expect(isClockRunning(resolved, 'followUp')).toBe(true);
    const closed = run(resolved, { command: 'followUp', resolved: true, satisfaction: 'satisfied' }, operator);
    expect(isClockRunning(closed, 'followUp')).toBe(false);
  });

  it('is the command center’s own: a late 回访 raises no 督办 and leaves the department’s light alone', () => {
    const late = notice(notice(resolvedTicket(), 'SlaWarning'), 'SlaBreached');
    expect(late).toMatchObject({ slaState: { followUp: 'red' }, slaLight: 'green' });
    expect(late.escalationLevel).toBeUndefined();
  });

  it('starts afresh when the ticket is resolved again after 重办, its old notice dropped', () => {
    const late = notice(resolvedTicket(), 'SlaBreached');
    const reopened = run(run(late, { command: 'followUp', resolved: false, satisfaction: 'dissatisfied' }, operator), { command: 'reopen' }, operator);
    const again = run(reopened, { command: 'resolve', summary: '已重新处理' }, clerk);
    expect(again.sla?.followUpBy).toBe(`${again.handling?.resolvedAt}+P3D`);
    expect(again.sla?.followUpBy).not.toBe(late.sla?.followUpBy);
    expect(again.slaState?.followUp).toBeUndefined();
  });

  it('records whether the 回访 came by its deadline', () => {
    const resolved = resolvedTicket();
    const due = (iso: string) => ({ ...resolved, sla: { ...resolved.sla!, followUpBy: iso } });
    expect(run(due('2026-03-31T00:00:00+08:00'), { command: 'followUp', resolved: true, satisfaction: 'satisfied' }, operator).handling?.followedUpOnTime).toBe(true);
    expect(run(due('2026-03-01T00:00:00+08:00'), { command: 'followUp', resolved: true, satisfaction: 'satisfied' }, operator).handling?.followedUpOnTime).toBe(false);
  });
});

describe('availableCommands', () => {
  it('offers what decide would accept on the ticket as it stands, per role and department', () => {
    expect(availableCommands(routedTicket, clerk)).toEqual(['signFor', 'return']);
    expect(availableCommands(routedTicket, { role: 'department', departmentId: 'a-water-supply' })).toEqual([]);
    expect(availableCommands(routedTicket, operator)).toEqual(expect.arrayContaining(['signFor', 'reroute', 'merge', 'escalate', 'markComplex']));
    expect(availableCommands({ ...routedTicket, complex: true }, operator)).not.toContain('markComplex');
    const signed = { ...routedTicket, status: 'signed_for' as const, extension: { approved: [], pending: { amount: 'P3D', reason: '需要协调', requestedAt: '2026-03-03T09:00:00+08:00' } } };
    expect(availableCommands(signed, clerk)).not.toContain('requestExtension');
    expect(availableCommands(signed, operator)).toContain('decideExtension');
    // Every command offered is one decide does not refuse for role, ownership or status.
    for (const name of availableCommands(routedTicket, clerk)) {
      const command = (name === 'return' ? { command: name, reason: 'not_our_duty' } : { command: name }) as TicketCommand;
      expect(decide(routedTicket, command, clerk, new Date('2026-03-02T10:00:00+08:00')).ok, name).toBe(true);
    }
  });
});
