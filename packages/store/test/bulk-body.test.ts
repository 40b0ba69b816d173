import { describe, expect, it } from 'vitest';
import { ndjsonBody } from '../src/index.ts';

describe('bulk request body', () => {
  it('encodes each line as UTF-8 JSON followed by a newline; strings and buffers go in as they are', () => {
    const doc = { ticketId: 'T-1', body: '小区门口垃圾堆放多日，气味难闻 ☕', tokens: ['小区', '门口'] };
    const raw = Buffer.from('{"channel":"hotline","body":"路灯不亮"}');
    const body = ndjsonBody([{ index: { _index: 'tickets', _id: 'T-1' } }, doc, { index: { _index: 'copy' } }, raw, { delete: { _id: 'x' } }, '{"already":"json"}']);
    const lines = body.toString('utf8').split('\n');
    expect(lines).toEqual([
      '{"index":{"_index":"tickets","_id":"T-1"}}',
      JSON.stringify(doc),
      '{"index":{"_index":"copy"}}',
      raw.toString('utf8'),
      '{"delete":{"_id":"x"}}',
      '{"already":"json"}',
      '',
    ]);
    expect(JSON.parse(lines[1]!)).toEqual(doc);
    expect(body.length).toBe(Buffer.byteLength(lines.join('\n')));
  });

  it('is empty for no lines', () => {
    expect(ndjsonBody([]).length).toBe(0);
  });
});
