import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { errorMessage } from '../lib/errors';

export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const status = error instanceof ApiError && error.status === 404 ? '404' : error instanceof ApiError && error.status === 403 ? '403' : 'error';
  return (
    <Result
      status={status}
      title={t('app.loadFailed')}
      subTitle={errorMessage(error, t)}
      extra={onRetry && status === 'error' ? <Button onClick={onRetry}>{t('app.retry')}</Button> : undefined}
    />
  );
}
