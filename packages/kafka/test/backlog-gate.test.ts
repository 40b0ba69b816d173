import { describe, expect, it } from 'vitest';
import { Metrics } from '@hotline/runtime';
import { createBacklogGate, type GateReading } from '../src/backlog-gate.ts';

/** A gate over scripted readings (the last one repeats) and a clock that each reading moves on by `stepMs`. */
function scripted(readings: Array<GateReading | Error>, options: { limit?: number; stalledAfterMs?: number; stepMs?: number } = {}) {
  let clock = 0;
  let measured = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const warnings: string[] = [];
  const holds: Array<Record<string, unknown>> = [];
  const metrics = new Metrics();
  const gate = createBacklogGate({
    measure: async () => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await Promise.resolve();
      inFlight -= 1;
      const reading = readings[Math.min(measured, readings.length - 1)]!;
      measured += 1;
      clock += options.stepMs ?? 10;
      if (reading instanceof Error) throw reading;
      return reading;
    },
    limit: options.limit ?? 3_000,
    stalledAfterMs: options.stalledAfterMs ?? 60_000,
    pollMs: 1,
    watched: 'triage',
    log: { info: (fields) => void holds.push(fields), warn: (_fields, message) => void warnings.push(message) },
    metrics,
    now: () => clock,
  });
  return { gate, metrics, warnings, holds, advance: (ms: number) => void (clock += ms), measured: () => measured, mostInFlight: () => mostInFlight };
}

const at = (backlog: number, committed: number, admitters?: number): GateReading => ({ backlog, committed: BigInt(committed), ...(admitters ? { admitters } : {}) });

describe('createBacklogGate', () => {
  it('reads the backlog at the first admission, then not again while what it admitted stays under the limit', async () => {
    const { gate, measured } = scripted([at(0, 0)]);
    for (let i = 0; i < 6; i += 1) await gate.admit(500);
    expect(measured()).toBe(1);
    await gate.admit(500); // 3,500 admitted since the last reading: read it now
    expect(measured()).toBe(2);
  });

  it('shares the limit between the instances admitting through it: each takes its share of the room a reading shows', async () => {
    const three = scripted([at(0, 0, 3)]);
    await three.gate.admit(500);
    await three.gate.admit(500); // 0 + 3 instances × 1,000 fills the limit of 3,000
    expect(three.measured()).toBe(1);
    await three.gate.admit(500);
    expect(three.measured()).toBe(2);
    expect(three.metrics.render()).toMatch(/hotline_admission_instances\{watched="triage"\} 3/);

    // After a rebalance the next admission reads again, room or not: the instances may have changed.
    three.gate.reread();
    await three.gate.admit(1);
    expect(three.measured()).toBe(3);

    // 1,200 records behind: alone, 1,000 more fit under 3,000; two instances doing the same would not.
    const alone = scripted([at(1_200, 1)]);
    await alone.gate.admit(1_000);
    expect(alone.measured()).toBe(1);
    const two = scripted([at(1_200, 1, 2), at(600, 2, 2), at(0, 3, 2)]);
    await two.gate.admit(1_000); // held: 2 × 1,000 never fits under half the limit (1,500), so until the backlog is empty
    expect(two.measured()).toBe(3);
  });

  it('holds while the watched group is behind and making progress, and admits once its backlog is down to half the limit', async () => {
    const { gate, metrics, measured } = scripted([at(0, 0), at(5_000, 10), at(4_200, 900), at(2_400, 1_800), at(900, 2_700)]);
    await gate.admit(3_000); // fills the limit
    await gate.admit(500);
    expect(measured()).toBe(5); // 2,400 + 500 would fit under the limit, but a held admission waits for 1,500
    const rendered = metrics.render();
    expect(rendered).toMatch(/hotline_admission_holding\{watched="triage"\} 0/);
    expect(rendered).toMatch(/hotline_admission_backlog_records\{watched="triage"\} 900/);
    expect(rendered).toMatch(/hotline_admission_held_seconds_total\{watched="triage"\} 0\.04/);
  });

  it('logs holding intake once per 10 s however often it holds, with the time held in between', async () => {
    const { gate, holds, advance } = scripted([at(0, 0), at(3_000, 1), at(0, 2), at(3_000, 3), at(0, 4), at(3_000, 5), at(0, 6)], { stepMs: 1_000 });
    await gate.admit(3_000); // read at t = 1 s
    await gate.admit(500); // holds from t = 1 to 3 s, logged at its first reading (t = 2 s)
    await gate.admit(2_600); // holds from t = 3 to 5 s: not logged
    advance(10_000);
    await gate.admit(500); // holds at t = 16 s: logged, with the 4 s held since the last line
    expect(holds.map((fields) => fields.heldMsSinceLastLine)).toEqual([0, 4_000]);
  });

  it('admits a batch larger than the limit once the backlog is empty', async () => {
    const { gate, measured } = scripted([at(800, 1), at(0, 2)], { limit: 1_000 });
    await gate.admit(2_500);
    expect(measured()).toBe(2);
  });

  it('stops holding when the watched group has committed nothing for stalledAfterMs, and says so once', async () => {
    const { gate, warnings, measured } = scripted([at(9_000, 42)], { stalledAfterMs: 1_000, stepMs: 100 });
    await gate.admit(3_001);
    expect(measured()).toBe(11); // progress seen at the first reading (t = 100 ms), stalled from t = 1,100 ms
    await gate.admit(10);
    expect(measured()).toBe(12); // still stalled: admitted at once
    expect(warnings).toEqual(['watched group committed nothing for too long: admitting without holding back']);
  });

  it('holds again once a stalled group commits again', async () => {
    const { gate, warnings, measured } = scripted([at(9_000, 1), ...Array(10).fill(at(9_000, 1)), at(8_000, 2), at(1_000, 3)], { stalledAfterMs: 100, stepMs: 10 });
    await gate.admit(3_001); // stalled after 11 readings
    expect(measured()).toBe(11);
    await gate.admit(500); // reading 12 shows a commit: hold; reading 13 has room
    expect(measured()).toBe(13);
    expect(warnings).toHaveLength(1);
  });

  it('admits when the backlog cannot be read: the gate may only delay, never stop intake', async () => {
    const { gate, warnings, measured } = scripted([new Error('broker unreachable')]);
    await gate.admit(4_000);
    expect(measured()).toBe(1);
    expect(warnings).toEqual(['backlog unreadable: admitting without holding back']);
  });

  it('releases a held admission when closed', async () => {
    const { gate, measured } = scripted([at(9_000, 1), at(9_000, 2), at(9_000, 3)]);
    gate.admit(3_000).catch(() => undefined);
    const held = gate.admit(500);
    while (measured() < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    gate.close();
    await expect(held).resolves.toBeUndefined();
  });

  it('gives up a held admission when its signal aborts (the batch is given up), and admits the next ones as before', async () => {
    const { gate, metrics, measured } = scripted([at(9_000, 1), at(9_000, 2), at(0, 3)]);
    const batch = new AbortController();
    const held = gate.admit(500, { signal: batch.signal });
    const queued = gate.admit(500, { signal: batch.signal });
    while (measured() < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    batch.abort(new Error('the consumer group is rebalancing'));
    await expect(held).rejects.toThrow('the consumer group is rebalancing');
    await expect(queued).rejects.toThrow('the consumer group is rebalancing');
    expect(metrics.render()).toMatch(/hotline_admission_holding\{watched="triage"\} 0/);
    await gate.admit(500); // a new batch: the next reading has room
    expect(measured()).toBe(3);
  });

  it('counts records admitted but not sent yet on top of a reading, which cannot see them', async () => {
    // The backlog reads empty while the first batch is still being sent: without counting it, the second batch would
    // go into the "empty" backlog too.
    const { gate, measured } = scripted([at(0, 0), at(0, 0), at(800, 1), at(0, 2)], { limit: 1_000 });
    let finishSend = (): void => undefined;
    const firstSent = gate.admit(800, { send: () => new Promise<void>((resolve) => { finishSend = resolve; }) });
    while (measured() < 1) await new Promise((resolve) => setTimeout(resolve, 1));
    let secondAdmitted = false;
    const second = gate.admit(300, { send: async () => { secondAdmitted = true; } });
    while (measured() < 3) {
      if (measured() === 2) finishSend(); // the first batch lands: the next reading shows it
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(secondAdmitted).toBe(false); // 800 in the log + 300 > 1,000: held until triage reads it
    await firstSent;
    await second;
    expect(secondAdmitted).toBe(true);
    expect(measured()).toBe(4);
  });

  it('reads the backlog for one admission at a time when partitions ask together', async () => {
    const { gate, mostInFlight } = scripted([at(0, 0), at(3_500, 1), at(2_000, 2), at(3_000, 3), at(1_000, 4)]);
    await Promise.all([gate.admit(3_000), gate.admit(500), gate.admit(500), gate.admit(500)]);
    expect(mostInFlight()).toBe(1);
  });

  it('never reads the backlog when the limit is 0 (admission control off)', async () => {
    const { gate, measured } = scripted([at(1_000_000, 0)], { limit: 0 });
    await gate.admit(100_000);
    expect(measured()).toBe(0);
  });
});
