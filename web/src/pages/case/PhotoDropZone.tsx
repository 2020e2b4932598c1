import type { ReactNode } from 'react';
import { Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** The case page's photo drop zone (drag and drop or the chooser, several at once): each file goes to onFile, nothing is sent by antd. */
export function PhotoDropZone({ accept, disabled, hint, testId, onFile }: { accept: string; disabled?: boolean; hint?: ReactNode; testId?: string; onFile: (file: File) => void }) {
  const { t } = useTranslation();
  return (
    <Upload.Dragger
      multiple
      accept={accept}
      showUploadList={false}
      disabled={disabled}
      data-testid={testId}
      beforeUpload={(file) => {
        onFile(file);
        return false;
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{t('case.upload.drop')}</p>
      {hint ? <p className="ant-upload-hint">{hint}</p> : null}
    </Upload.Dragger>
  );
}
