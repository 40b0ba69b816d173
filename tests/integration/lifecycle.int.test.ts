import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ticketIdFor, type TicketDocument } from '@hotline/contracts';
import { createCommandHandler, type CommandHandler, type CommandResult } from '@hotline/commands';
import { loadCityConfig } from '@hotline/routing';
import { createTicketRepository } from '@hotline/store';
import { eventually, readTopic, startPipeline, type InProcessPipeline } from '../support/pipeline.ts';

// A ticket's life after routing, on the real engines: every step goes through the command handler, becomes an
// event on the log, and is projected by the tracker before the handler answers.
const runId = `${inject('runId')}-life`;
const cityDir = fileURLToPath(new URL('../../config/city', import.meta.url));
let pipeline: InProcessPipeline;
let handler: CommandHandler;
let ticketId: string;
let routed: TicketDocument;

beforeAll(async () => {
  pipeline = await startPipeline({ kafkaBrokers: inject('kafkaBrokers'), elasticsearchUrl: inject('elasticsearchUrl'), runId });
  const repository = createTicketRepository(pipeline.elasticsearch, pipeline.indices);
  handler = createCommandHandler({ producer: pipeline.producer, repository, ticketEventsTopic: pipeline.topics.ticketEvents, departments: loadCityConfig(cityDir).departments, waitMs: 15_000 });
  const message = {
    schemaVersion: 1,
    sourceId: `${runId}-1`,
    channel: 'phone',
    receivedAt: '2026-03-02T09:00:00+08:00',
    title: '小区物业擅自提高停车费',
    body: 'A3区东湖街道锦绣华庭小区物业没有经过业主大会同意，把停车费从每月一百元涨到三百元，请住建部门查处。',
  };
  ticketId = ticketIdFor('phone', message.sourceId);
  await pipeline.producer.send({ topic: pipeline.topics.intake, acks: -1, messages: [{ value: JSON.stringify(message) }] });
  routed = await eventually(() => repository.get(ticketId), (doc) => doc?.status === 'routed' || doc?.status === 'manual_triage', { timeoutMs: 60_000, what: 'the routed ticket' }) as TicketDocument;
}, 120_000);

afterAll(async () => {
  await pipeline?.stop();
});

async function history(id = ticketId): Promise<Array<{ type: string; outcome: string; command?: string }>> {
  await pipeline.elasticsearch.indices.refresh({ index: pipeline.indices.eventsAlias });
  const result = await pipeline.elasticsearch.search<{ type: string; outcome: string; payload: { command?: { command: string } }; log: { offset: number } }>({
    index: pipeline.indices.eventsAlias,
    size: 100,
    query: { term: { ticketId: id } },
    sort: [{ 'log.offset': 'asc' }],
  });
  return result.hits.hits.map((hit) => ({ type: hit._source!.type, outcome: hit._source!.outcome, ...(hit._source!.payload.command ? { command: hit._source!.payload.command.command } : {}) }));
}

function expectApplied(result: CommandResult): TicketDocument {
  if (result.status !== 'applied') throw new Error(`expected the command to apply, got ${JSON.stringify(result)}`);
  return result.ticket;
}

describe('ticket lifecycle through the command handler', () => {
  it('goes sign-for → reply → resolve → dissatisfied follow-up → reopen → resolve → satisfied follow-up', async () => {
    if (routed.status === 'manual_triage') {
      // The operator routes it by hand first (人工分拨), as the console will.
      routed = expectApplied(await handler.handle(ticketId, { command: 'reroute', department: { id: 'a3-housing', name: 'A3区住房和城乡建设局' } }, { role: 'operator', id: 'op-li' }));
    }
    const department = { role: 'department', id: 'clerk-wang', departmentId: routed.department!.id };
    const operator = { role: 'operator', id: 'op-li' };

    let doc = expectApplied(await handler.handle(ticketId, { command: 'signFor' }, department));
    expect(doc).toMatchObject({ status: 'signed_for', version: routed.version + 1 });
    expect(doc.handling?.signedForAt).toBeTruthy();

    doc = expectApplied(await handler.handle(ticketId, { command: 'reply', message: '已联系物业核实收费依据。' }, department));
    expect(doc).toMatchObject({ status: 'replied', handling: { lastReply: '已联系物业核实收费依据。' } });

    doc = expectApplied(await handler.handle(ticketId, { command: 'resolve', summary: '责令物业暂停执行新收费标准。' }, department));
    expect(doc).toMatchObject({ status: 'resolved', handling: { resolution: '责令物业暂停执行新收费标准。' } });

    doc = expectApplied(await handler.handle(ticketId, { command: 'followUp', resolved: false, satisfaction: 'dissatisfied' }, operator));
    expect(doc.status).toBe('dissatisfied');

    doc = expectApplied(await handler.handle(ticketId, { command: 'reopen', note: '市民反映收费仍未恢复' }, operator));
    expect(doc).toMatchObject({ status: 'reopened', reopenCount: 1 });

    doc = expectApplied(await handler.handle(ticketId, { command: 'resolve', summary: '已恢复原收费标准并退还多收费用。' }, department));
    expect(doc.status).toBe('resolved');

    doc = expectApplied(await handler.handle(ticketId, { command: 'followUp', resolved: true, satisfaction: 'satisfied' }, operator));
    expect(doc).toMatchObject({ status: 'closed', version: routed.version + 7 });
    expect(doc.followUps?.map((followUp) => followUp.satisfaction)).toEqual(['dissatisfied', 'satisfied']);
    expect(doc.handling?.closedAt).toBeTruthy();

    const commands = (await history()).filter((entry) => entry.type === 'TicketCommandApplied');
    expect(commands.map((entry) => [entry.command, entry.outcome])).toEqual(
      [...(routed.routingRule?.id === 'operator' ? [['reroute', 'applied']] : []), ['signFor', 'applied'], ['reply', 'applied'], ['resolve', 'applied'], ['followUp', 'applied'], ['reopen', 'applied'], ['resolve', 'applied'], ['followUp', 'applied']],
    );
  }, 120_000);

  it('rejects an illegal command with a coded reason and writes no event', async () => {
    const before = await history();
    const result = await handler.handle(ticketId, { command: 'signFor' }, { role: 'department', id: 'clerk-wang', departmentId: routed.department!.id });
    expect(result).toMatchObject({ status: 'rejected', code: 'ILLEGAL_TRANSITION' });
    expect(await handler.handle(ticketId, { command: 'reopen' }, { role: 'department', id: 'x', departmentId: routed.department!.id })).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_FOR_ROLE' });
    expect(await handler.handle(ticketId, { command: 'fly' }, { role: 'operator', id: 'op-li' })).toMatchObject({ status: 'invalid' });
    expect(await handler.handle(ticketId, { command: 'reroute', department: { id: 'no-such-office', name: '不存在的单位' } }, { role: 'operator', id: 'op-li' })).toMatchObject({ status: 'invalid', message: expect.stringContaining('no-such-office') });
    // Another department learns nothing about the ticket.
    expect(await handler.handle(ticketId, { command: 'signFor' }, { role: 'department', id: 'y', departmentId: 'some-other-department' })).toEqual({ status: 'not_found' });
    expect(await history()).toEqual(before);
  }, 60_000);

  it('applies one of two conflicting commands decided on the same version and records the other as stale', async () => {
    const sourceId = `${runId}-2`;
    const second = ticketIdFor('web', sourceId);
    await pipeline.producer.send({ topic: pipeline.topics.intake, acks: -1, messages: [{ value: JSON.stringify({ schemaVersion: 1, sourceId, channel: 'web', receivedAt: '2026-03-02T10:00:00+08:00', body: 'A2区望城街道建设路的路灯晚上全部不亮，请尽快维修。' }) }] });
    const repository = createTicketRepository(pipeline.elasticsearch, pipeline.indices);
    const triaged = await eventually(() => repository.get(second), (doc) => doc?.status === 'routed' || doc?.status === 'manual_triage', { timeoutMs: 60_000, what: 'the second ticket' });
    // Two operators re-route it at once, each to a department other than the current one.
    const [first, other] = [
      { id: 'a2-market-regulation', name: 'A2区市场监督管理局' },
      { id: 'a2-housing', name: 'A2区住房和城乡建设局' },
      { id: 'a2-government', name: 'A2区人民政府' },
    ].filter((department) => department.id !== triaged?.department?.id);
    const operator = { role: 'operator', id: 'op-zhao' };
    const [a, b] = await Promise.all([
      handler.handle(second, { command: 'reroute', department: first }, operator),
      handler.handle(second, { command: 'reroute', department: other }, { ...operator, id: 'op-qian' }),
    ]);
    expect([a.status, b.status].sort()).toEqual(['applied', 'conflict']);
    const final = await repository.get(second);
    const winner = a.status === 'applied' ? first?.id : other?.id;
    expect(final?.department?.id).toBe(winner);
    // The loser's event may land in a later batch than the winner's: wait until the tracker has recorded both.
    const outcomes = await eventually(
      async () => {
        await pipeline.elasticsearch.indices.refresh({ index: pipeline.indices.eventsAlias });
        const result = await pipeline.elasticsearch.search<{ outcome: string }>({ index: pipeline.indices.eventsAlias, query: { bool: { filter: [{ term: { ticketId: second } }, { term: { type: 'TicketCommandApplied' } }] } } });
        return result.hits.hits.map((hit) => hit._source!.outcome).sort();
      },
      (found) => found.length >= 2,
      { timeoutMs: 20_000, what: 'both re-route events in the history' },
    );
    expect(outcomes).toEqual(['applied', 'stale-version']);
  }, 90_000);

  it('merges a duplicate into a ticket still being handled, and refuses a master that does not exist, is closed or was merged', async () => {
    const repository = createTicketRepository(pipeline.elasticsearch, pipeline.indices);
    const sourceId = `${runId}-3`;
    const duplicate = ticketIdFor('app', sourceId);
    await pipeline.producer.send({ topic: pipeline.topics.intake, acks: -1, messages: [{ value: JSON.stringify({ schemaVersion: 1, sourceId, channel: 'app', receivedAt: '2026-03-02T11:00:00+08:00', body: 'A2区望城街道建设路路灯全部不亮，晚上走路很危险。' }) }] });
    await eventually(() => repository.get(duplicate), (doc) => doc?.status === 'routed' || doc?.status === 'manual_triage', { timeoutMs: 60_000, what: 'the duplicate ticket' });
    const operator = { role: 'operator', id: 'op-sun' };
    const master = ticketIdFor('web', `${runId}-2`);
    expect(await handler.handle(duplicate, { command: 'merge', into: 'TNOSUCHTICKET00' }, operator)).toEqual({ status: 'rejected', code: 'INVALID_COMMAND', message: '主工单 TNOSUCHTICKET00 不存在' });
    // The first test closed the first ticket.
    expect(await handler.handle(duplicate, { command: 'merge', into: ticketId }, operator)).toMatchObject({ status: 'rejected', message: expect.stringContaining('已结案') });

    const merged = expectApplied(await handler.handle(duplicate, { command: 'merge', into: master }, operator));
    expect(merged).toMatchObject({ status: 'merged', mergedInto: master });
    expect(await handler.handle(master, { command: 'merge', into: duplicate }, operator)).toMatchObject({ status: 'rejected', message: `主工单 ${duplicate} 已并入 ${master}，请并入该工单` });
    // The refusals wrote nothing: the one command in either ticket's history is the merge.
    expect((await history(duplicate)).filter((entry) => entry.type === 'TicketCommandApplied')).toEqual([{ type: 'TicketCommandApplied', outcome: 'applied', command: 'merge' }]);
    expect((await history(master)).filter((entry) => entry.type === 'TicketCommandApplied' && entry.command === 'merge')).toEqual([]);
  }, 90_000);
});

/** One sweep of the tracker at `offsetMs` from a deadline, on the ticket index as written so far. */
async function sweepAt(iso: string, offsetMs: number): Promise<void> {
  await pipeline.elasticsearch.indices.refresh({ index: pipeline.indices.ticketsAlias });
  await pipeline.apps.tracker.sweep(new Date(Date.parse(iso) + offsetMs));
}

describe('SLA sweep', () => {
  it('marks a ticket left alone yellow, then red, with exactly one warning and one breach across a tracker restart', async () => {
    const repository = createTicketRepository(pipeline.elasticsearch, pipeline.indices);
    const sourceId = `${runId}-sla`;
    const id = ticketIdFor('app', sourceId);
    await pipeline.producer.send({
      topic: pipeline.topics.intake,
      acks: -1,
      messages: [{ value: JSON.stringify({ schemaVersion: 1, sourceId, channel: 'app', receivedAt: '2026-03-03T10:00:00+08:00', kind: 'suggestion', body: '建议在A2区新河街道的公园里多安装几张休息座椅，方便老人散步时休息。' }) }],
    });
    const start = await eventually(() => repository.get(id), (doc) => doc?.status === 'routed' || doc?.status === 'manual_triage', { timeoutMs: 60_000, what: 'the SLA ticket' });
    const sla = start!.sla!;
    const notices = async () => {
      await pipeline.elasticsearch.indices.refresh({ index: [pipeline.indices.eventsAlias, pipeline.indices.ticketsAlias] });
      const result = await pipeline.elasticsearch.search<{ type: string; payload: { clock: string } }>({
        index: pipeline.indices.eventsAlias,
        size: 50,
        query: { bool: { filter: [{ term: { ticketId: id } }, { terms: { type: ['SlaWarning', 'SlaBreached'] } }] } },
      });
      return result.hits.hits.map((hit) => `${hit._source!.type}:${hit._source!.payload.clock}`).sort();
    };

    await sweepAt(sla.signForWarnAt, -60_000);
    expect(await notices()).toEqual([]);

    // One sweep interval after the yellow point: yellow.
    await sweepAt(sla.signForWarnAt, 1_000);
    const yellow = await eventually(() => repository.get(id), (doc) => doc?.slaState?.signFor === 'yellow', { timeoutMs: 20_000, what: 'the yellow light' });
    expect(yellow).toMatchObject({ slaLight: 'yellow', version: start!.version });

    await pipeline.restartTracker();
    await sweepAt(sla.signForWarnAt, 2_000);
    expect(await notices()).toEqual(['SlaWarning:signFor']);

    // Past the deadline: red, and one escalation (督办) level.
    await sweepAt(sla.signForBy, 1_000);
    const red = await eventually(() => repository.get(id), (doc) => doc?.slaState?.signFor === 'red', { timeoutMs: 20_000, what: 'the red light' });
    expect(red).toMatchObject({ slaLight: 'red', escalationLevel: 1, version: start!.version });
    await sweepAt(sla.signForBy, 2_000);
    expect(await notices()).toEqual(['SlaBreached:signFor', 'SlaWarning:signFor']);

    const alerts = await readTopic(pipeline.kafka, pipeline.topics.slaAlerts, 1, 30_000);
    expect(alerts.length).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('runs the first-contact clock (先行联系) after 签收 until the department reaches the caller, and the 回访 clock after 办结 until the call back', async () => {
    const repository = createTicketRepository(pipeline.elasticsearch, pipeline.indices);
    const sourceId = `${runId}-contact`;
    const id = ticketIdFor('web', sourceId);
    await pipeline.producer.send({
      topic: pipeline.topics.intake,
      acks: -1,
      messages: [{ value: JSON.stringify({ schemaVersion: 1, sourceId, channel: 'web', receivedAt: '2026-03-09T10:00:00+08:00', title: '楼道灯坏了', body: 'A3区东湖街道锦绣华庭小区5栋楼道灯坏了两个星期，晚上上下楼看不清，请物业尽快维修。' }) }],
    });
    let doc = await eventually(() => repository.get(id), (found) => found?.status === 'routed' || found?.status === 'manual_triage', { timeoutMs: 60_000, what: 'the first-contact ticket' }) as TicketDocument;
    const operator = { role: 'operator', id: 'op-li' } as const;
    if (doc.status === 'manual_triage') doc = expectApplied(await handler.handle(id, { command: 'reroute', department: { id: 'a3-housing', name: 'A3区住房和城乡建设局' } }, operator));
    const department = { role: 'department', id: 'clerk-wang', departmentId: doc.department!.id } as const;
    doc = expectApplied(await handler.handle(id, { command: 'signFor' }, department));
    const sla = doc.sla!;
    const notices = async () => (await history(id)).filter((entry) => entry.type === 'SlaWarning' || entry.type === 'SlaBreached');

    // Signed for, not yet contacted: past the yellow point the clock turns the ticket yellow.
    await sweepAt(sla.firstContactWarnAt, 1_000);
    const yellow = await eventually(() => repository.get(id), (found) => found?.slaState?.firstContact === 'yellow', { timeoutMs: 20_000, what: 'the first-contact warning' });
    expect(yellow).toMatchObject({ status: 'signed_for', slaLight: 'yellow' });

    // The department phones the caller: the clock stops and the light goes back to green. (Late against March's
    // deadline when triage routed it; on time when an operator dispatched it from manual triage just now.)
    const contacted = expectApplied(await handler.handle(id, { command: 'contact', method: 'phone', note: '已电话联系，约定明日上门' }, department));
    expect(contacted).toMatchObject({ status: 'signed_for', slaLight: 'green', handling: { firstContactMethod: 'phone' } });
    expect(contacted.handling?.firstContactOnTime).toBe(Date.parse(contacted.handling!.firstContactAt!) <= Date.parse(sla.firstContactBy));
    expect(await handler.handle(id, { command: 'contact', method: 'sms' }, department)).toMatchObject({ status: 'rejected', code: 'INVALID_COMMAND' });

    // Past its deadline nothing more is flagged for first contact: the sweep no longer sees the clock running.
    await sweepAt(sla.firstContactBy, 1_000);
    await sweepAt(sla.firstContactBy, 2_000);
    expect((await notices()).map((entry) => entry.type)).toEqual(['SlaWarning']);
    expect(await repository.get(id)).toMatchObject({ slaLight: 'green', slaState: { firstContact: 'yellow' } });

    // 办结 starts the command center's 回访 clock; past it the sweep flags the call back as late, without a 督办 against
    // the department and without changing the department's light. The 回访 stops it.
    const resolved = expectApplied(await handler.handle(id, { command: 'resolve', summary: '已更换楼道灯' }, department));
    const followUpBy = resolved.sla!.followUpBy!;
    expect(followUpBy > resolved.handling!.resolvedAt!).toBe(true);
    await sweepAt(followUpBy, 1_000);
    const late = await eventually(() => repository.get(id), (found) => found?.slaState?.followUp === 'red', { timeoutMs: 20_000, what: 'the late 回访' });
    expect(late).toMatchObject({ status: 'resolved', slaLight: resolved.slaLight, version: resolved.version });
    expect(late?.escalationLevel ?? 0).toBe(resolved.escalationLevel ?? 0);
    const closed = expectApplied(await handler.handle(id, { command: 'followUp', resolved: true, satisfaction: 'satisfied' }, operator));
    expect(closed.status).toBe('closed');
    await sweepAt(followUpBy, 2_000);
    expect((await notices()).map((entry) => entry.type).sort()).toEqual(['SlaBreached', 'SlaWarning']);
  }, 120_000);

  it('publishes, with every sweep, how many days the holiday calendar still covers', async () => {
    // config/holidays.json covers 2025 and 2026 (a clock a year on would read 0 until 2027 is added).
    const daysLeft = () => /^hotline_sla_calendar_days_left (\S+)$/m.exec(pipeline.metrics.tracker.render())?.[1];
    await pipeline.apps.tracker.sweep(new Date('2026-06-01T09:00:00+08:00'));
    expect(daysLeft()).toBe('213');
    await pipeline.apps.tracker.sweep(new Date('2026-12-01T09:00:00+08:00'));
    expect(daysLeft()).toBe('30');
  });
});
