import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorText, type Session } from '../api.ts';
import { useTitle } from '../hooks.ts';
import { PRODUCT_NAME, PRODUCT_SUBTITLE } from '../labels.ts';

interface LoginProps {
  onLogin: (session: Session) => void;
  /** Why the user is here again (session expired, signed out). */
  notice?: string;
}

export function Login({ onLogin, notice }: LoginProps) {
  useTitle('登录');
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [retryUntil, setRetryUntil] = useState<number | undefined>(undefined);
  const [now, setNow] = useState(() => Date.now());
  const userRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    userRef.current?.focus();
  }, []);
  useEffect(() => {
    if (retryUntil === undefined) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(timer);
  }, [retryUntil]);

  const waitSeconds = retryUntil === undefined ? 0 : Math.max(0, Math.ceil((retryUntil - now) / 1_000));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('请输入用户名和密码');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const response = await api.login(username.trim(), password);
      onLogin({ token: response.token, user: response.user, expiresAt: response.expiresAt });
    } catch (reason) {
      if (reason instanceof ApiError && reason.status === 429) {
        const seconds = reason.retryAfter ?? 60;
        setRetryUntil(Date.now() + seconds * 1_000);
        setNow(Date.now());
        setError(reason.message && reason.message !== reason.code ? `请求过于频繁：${reason.message}` : `请求过于频繁，请 ${seconds} 秒后再试`);
      } else {
        setError(errorText(reason));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login-page">
      <section className="login-card" aria-labelledby={`${id}-title`}>
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">12345</span>
          <div>
            <h1 id={`${id}-title`}>{PRODUCT_NAME}</h1>
            <p>{PRODUCT_SUBTITLE}</p>
          </div>
        </div>
        {notice ? <div className="notice notice-info" role="status" data-testid="login-notice">{notice}</div> : null}
        <form onSubmit={submit} noValidate data-testid="login-form">
          <div className="field">
            <label htmlFor={`${id}-user`}>用户名</label>
            <input ref={userRef} id={`${id}-user`} name="username" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} data-testid="login-username" maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>密码</label>
            <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} data-testid="login-password" maxLength={200} />
          </div>
          {error ? (
            <div className="notice notice-error" role="alert" data-testid="login-error">
              {error}
              {waitSeconds > 0 && retryUntil !== undefined ? <span className="muted">（剩余 {waitSeconds} 秒）</span> : null}
            </div>
          ) : null}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy || waitSeconds > 0} data-testid="login-submit">
            {busy ? '登录中…' : '登录'}
          </button>
        </form>
        <p className="login-foot">仅限授权人员使用 · 操作全程留痕</p>
      </section>
    </main>
  );
}
