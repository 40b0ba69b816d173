// Sends a command and turns every answer into an outcome the views show: 200 applied, 202 pending (poll the
// ticket until its version moves), 409 stale (the current version), 422/404 and the rest (the server's message).
import { api, ApiError, errorText } from './api.ts';
import type { TicketCommand, TicketView } from './types.ts';

export type CommandOutcome =
  | { kind: 'success'; text: string; ticket?: TicketView }
  | { kind: 'pending'; text: string }
  | { kind: 'conflict'; text: string; currentVersion?: number }
  | { kind: 'error'; text: string };

const POLL_EVERY_MS = 1_000;
const POLL_FOR_MS = 30_000;

function currentVersionOf(body: unknown): number | undefined {
  const record = (body ?? {}) as { ticket?: { version?: unknown }; currentVersion?: unknown; error?: { currentVersion?: unknown; ticket?: { version?: unknown } } };
  const candidates = [record.ticket?.version, record.currentVersion, record.error?.currentVersion, record.error?.ticket?.version];
  const found = candidates.find((value) => typeof value === 'number');
  return typeof found === 'number' ? found : undefined;
}

export async function runCommand(
  ticketId: string,
  command: TicketCommand,
  version: number | undefined,
  onProgress: (outcome: CommandOutcome) => void,
): Promise<CommandOutcome> {
  try {
    const response = await api.command(ticketId, command, version);
    if (response.status === 202 || response.data.status === 'pending') {
      onProgress({ kind: 'pending', text: '已提交，正在处理…' });
      const deadline = Date.now() + POLL_FOR_MS;
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
        const detail = await api.ticket(ticketId).catch(() => undefined);
        if (detail && (version === undefined || detail.ticket.version > version)) {
          return { kind: 'success', text: '操作成功', ticket: detail.ticket };
        }
      }
      return { kind: 'pending', text: '已提交，正在处理（处理时间较长，请稍后刷新查看）' };
    }
    return { kind: 'success', text: '操作成功', ticket: response.data.status === 'applied' ? response.data.ticket : undefined };
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      const currentVersion = currentVersionOf(error.body);
      return { kind: 'conflict', text: error.display, ...(currentVersion === undefined ? {} : { currentVersion }) };
    }
    return { kind: 'error', text: errorText(error) };
  }
}
