import type { CommandOutcome } from '../commandRunner.ts';

/** The outcome of the last command, announced politely (role="status"). */
export function CommandStatus({ outcome, onRefresh, testId = 'cmd-result' }: { outcome: CommandOutcome | undefined; onRefresh?: () => void; testId?: string }) {
  return (
    <div role="status" aria-live="polite" className={`cmd-status${outcome ? ` cmd-status-${outcome.kind}` : ''}`} data-testid={testId} data-kind={outcome?.kind ?? ''}>
      {outcome ? (
        <>
          <span className="cmd-status-text">{outcome.text}</span>
          {outcome.kind === 'conflict' ? (
            <>
              {outcome.currentVersion !== undefined ? <span className="muted">当前版本：{outcome.currentVersion}</span> : null}
              {onRefresh ? (
                <button type="button" className="btn btn-small" onClick={onRefresh} data-testid="cmd-refresh">刷新</button>
              ) : null}
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
