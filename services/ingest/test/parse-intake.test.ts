import { describe, expect, it } from 'vitest';
import { ticketIdFor } from '@hotline/contracts';
import { parseIntake } from '../src/parse-intake.ts';

const at = { topic: 'hotline.intake', partition: 2, offset: '41' };
const now = new Date('2026-03-02T01:00:00Z');
const message = {
  schemaVersion: 1,
  sourceId: ' GD-2026-000123 ',
  channel: 'phone',
  receivedAt: '2026-03-02T09:00:00+08:00',
  title: '路燈不亮',
  body: '　我是住在Ａ３区的居民，電話13812345678，小区路灯坏了一个月。 ',
  kind: 'complaint',
  caller: { name: '陈先生', phone: '13812345678' },
  callCenterAgent: 'agent-7',
};
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');

describe('parseIntake', () => {
  it('makes a TicketReceived with a ticket id from channel + source id, normalized and masked text, and contact data kept apart', () => {
    const result = parseIntake(bytes(message), at, now);
    if (!result.ok) throw new Error(result.reason);
    const { event } = result;
    expect(event.ticketId).toBe(ticketIdFor('phone', 'GD-2026-000123'));
    expect(event.eventId).toMatch(/^E[0-9A-F]{24}$/);
    expect(event.ticket.sourceId).toBe('GD-2026-000123');
    expect(event.ticket.title).toBe('路灯不亮');
    expect(event.ticket.body).toContain('A3区');
    expect(event.ticket.body).toContain('电话');
    expect(event.ticket.body).not.toContain('13812345678');
    expect(event.ticket.body).toMatch(/138\*{4}5678/);
    expect(event.ticket.extra).toEqual({ callCenterAgent: 'agent-7' });
    expect(event.restricted).toMatchObject({ caller: { name: '陈先生', phone: '13812345678' }, originalBody: message.body.trim(), maskedKinds: ['mobile'] });
    expect(event.intake).toEqual(at);
    expect(event.occurredAt).toBe(now.toISOString());
  });

  it('gives the same ticket and event ids to a redelivered message', () => {
    const first = parseIntake(bytes(message), at, now);
    const again = parseIntake(bytes(message), { ...at, offset: '99' }, new Date());
    expect(first.ok && again.ok && [first.event.ticketId, first.event.eventId]).toEqual(again.ok && [again.event.ticketId, again.event.eventId]);
  });

  it.each([
    ['an empty value', Buffer.alloc(0), 'NOT_JSON'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), 'NOT_UTF8'],
    ['broken JSON', bytes('{"schemaVersion":1,'), 'NOT_JSON'],
    ['a JSON array', bytes([message]), 'NOT_JSON'],
    ['more than 256 KiB', bytes({ ...message, body: '长'.repeat(90_000) }), 'OVERSIZE'],
    ['schemaVersion 2', bytes({ ...message, schemaVersion: 2 }), 'UNKNOWN_SCHEMA_VERSION'],
    ['a blank body', bytes({ ...message, body: '  \n ' }), 'SCHEMA_VIOLATION'],
    ['an unknown channel', bytes({ ...message, channel: 'fax' }), 'SCHEMA_VIOLATION'],
    ['a timestamp without offset', bytes({ ...message, receivedAt: '2026-03-02T09:00:00' }), 'SCHEMA_VIOLATION'],
    ['no schemaVersion', bytes({ ...message, schemaVersion: undefined }), 'SCHEMA_VIOLATION'],
  ])('rejects %s with %s and a reason', (_name, value, code) => {
    const result = parseIntake(value, at, now);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.reason.length).toBeGreaterThan(8);
    }
  });

  it('names the offending fields in a schema violation', () => {
    const result = parseIntake(bytes({ ...message, channel: 'fax', receivedAt: 'yesterday' }), at, now);
    expect(!result.ok && result.reason).toMatch(/channel: .*receivedAt: /);
  });
});
