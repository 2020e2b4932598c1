import { useState } from 'react';
import { App as AntApp, Button, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { replyNotice } from '../../api/endpoints';
import type { CaseDetail, SupervisionNotice } from '../../api/types';
import { useUser } from '../../auth/AuthContext';
import { fmtDate, fmtDateTime } from '../../lib/format';

/** Supervision notices (督办单) on the case, with the reply for open ones. */
export function CaseNotices({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [replying, setReplying] = useState<SupervisionNotice | null>(null);
  const [text, setText] = useState('');
  const office = user.role === 'town_officer' || user.role === 'city_office';
  return (
    <div data-testid="case-notices">
      <List
        size="small"
        dataSource={c.notices}
        renderItem={(n) => (
          <List.Item
            actions={
              n.status === 'open' && office
                ? [
                    <Button key="r" size="small" type="primary" onClick={() => (setText(''), setReplying(n))}>
                      {t('notice.reply')}
                    </Button>,
                  ]
                : undefined
            }
          >
            <List.Item.Meta
              title={
                <Space size={6} wrap>
                  <Tag color={n.level === 'city' ? 'red' : 'orange'}>{t(`notice.level.${n.level}`)}</Tag>
                  <span className="mono">{n.noticeNo}</span>
                  <Tag>{t(`notice.status.${n.status}`)}</Tag>
                </Space>
              }
              description={
                <>
                  <div>{n.reason}</div>
                  <div className="muted">
                    {t('notice.issued')} {fmtDateTime(n.issuedAt)} · {t('notice.replyDue')} {fmtDate(n.replyDue)}
                  </div>
                  {n.replyText ? (
                    <Typography.Paragraph style={{ margin: '4px 0 0' }}>
                      {t('notice.replied')}:{n.replyText}({fmtDateTime(n.repliedAt)})
                    </Typography.Paragraph>
                  ) : null}
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={replying !== null}
        title={replying ? `${t('notice.reply')} · ${replying.noticeNo}` : ''}
        onCancel={() => setReplying(null)}
        cancelText={t('dup.cancel')}
        okButtonProps={{ disabled: !text.trim() }}
        onOk={async () => {
          try {
            await replyNotice(replying!.id, text);
            setReplying(null);
            onDone();
          } catch (e) {
            message.error(e instanceof Error ? e.message : String(e));
          }
        }}
        destroyOnHidden
      >
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('notice.replyHint')} />
      </Modal>
    </div>
  );
}
