import type { FC } from 'hono/jsx';

/** The federal pages side by side: this week, the trend, the documents' readiness. */
export const PilotNav: FC<{ current: 'week' | 'trend' | 'readiness' }> = ({ current }) => (
  <nav aria-label="Федеральный уровень" class="actions" style="margin-top:0">
    <a href="/pilot" aria-current={current === 'week' ? 'page' : undefined}>Неделя</a>
    <a href="/pilot/trend" aria-current={current === 'trend' ? 'page' : undefined}>Динамика за 12 недель</a>
    <a href="/pilot/readiness" aria-current={current === 'readiness' ? 'page' : undefined}>Готовность документов</a>
  </nav>
);
