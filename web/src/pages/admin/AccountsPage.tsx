import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { getDivisions } from '../../api/endpoints';
import type { ApiBody, Division, Role } from '../../api/types';
import { ROLES } from '../../../../shared/enums';
import { useUser } from '../../auth/AuthContext';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { passwordProblems, PASSWORD_RULES_TEXT } from '../../../../shared/password-policy';

type Account = ApiBody<'/api/users'>['items'][number];
const STATUS_COLOR: Record<Account['status'], string> = { active: 'green', locked: 'red', must_change_password: 'orange', disabled: 'default' };

/** A password field that checks the rules as the admin types (the server checks them again, and the history). */
function passwordRule(username: () => string, t: (k: string) => string) {
  return [
    { required: true, message: t('account.required') },
    {
      validator: (_: unknown, v: string | undefined) => {
        const problems = v ? passwordProblems(v, username()) : [];
        return problems.length ? Promise.reject(new Error(problems.map((p) => p.message).join(';'))) : Promise.resolve();
      },
    },
  ];
}

/**
 * The system administrator's accounts page (账号管理): create accounts, set a temporary password, unlock an
 * account that failed logins locked, change role or division, disable. The admin never changes his own
 * account here, and the audit log is not his to read (三员分立); every action is audited.
 */
export default function AccountsPage() {
  const { t } = useTranslation();
  const me = useUser();
  const { message } = AntApp.useApp();
  const [items, setItems] = useState<Account[] | null>(null);
  const [divisions, setDivisions] = useState<Division[]>([]);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<Account | null>(null);
  const [editing, setEditing] = useState<Account | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [createForm] = Form.useForm();
  const [resetForm] = Form.useForm();
  const [editForm] = Form.useForm();

  const load = () =>
    api<ApiBody<'/api/users'>>('/api/users').then(
      (r) => setItems(r.items),
      (e) => setError(errorMessage(e, t)),
    );
  useEffect(() => {
    void load();
    getDivisions().then(setDivisions, () => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const divisionOptions = useMemo(
    () => divisions.filter((d) => d.level !== 'village').map((d) => ({ value: d.code, label: d.level === 'town' ? `${d.name}(${d.code})` : d.name })),
    [divisions],
  );
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  const shown = (items ?? []).filter((a) => !q || a.username.includes(q) || a.displayName.includes(q));

  /** Runs one account action, says it worked or why not, and reloads the list. */
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      message.success(done);
      await load();
      return true;
    } catch (e) {
      message.error(errorMessage(e, t));
      return false;
    }
  };

  const columns = [
    { title: t('account.username'), dataIndex: 'username', key: 'username' },
    { title: t('account.displayName'), dataIndex: 'displayName', key: 'displayName' },
    { title: t('account.role'), key: 'role', render: (_: unknown, a: Account) => t(`role.${a.role}`) },
    { title: t('account.division'), key: 'division', render: (_: unknown, a: Account) => a.divisionName + (a.department ? ` · ${a.department}` : '') },
    {
      title: t('account.status'),
      key: 'status',
      render: (_: unknown, a: Account) => (
        <Space size={4} direction="vertical">
          <Tag color={STATUS_COLOR[a.status]}>{t(`account.statuses.${a.status}`)}</Tag>
          {a.status === 'locked' && a.lockedUntil && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('account.lockedUntil', { at: fmtDateTime(a.lockedUntil) })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('account.actions'),
      key: 'actions',
      render: (_: unknown, a: Account) =>
        a.id === me.id ? (
          <Typography.Text type="secondary">{t('account.selfNote')}</Typography.Text>
        ) : (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              onClick={() => {
                setEditing(a);
                editForm.setFieldsValue({ role: a.role, divisionCode: a.divisionCode, displayName: a.displayName });
              }}
            >
              {t('account.changeRole')}
            </Button>
            <Button type="link" size="small" onClick={() => setResetting(a)}>
              {t('account.resetPassword')}
            </Button>
            {a.status === 'locked' && (
              <Button type="link" size="small" onClick={() => act(() => api('/api/users/unlock', { method: 'POST', body: { username: a.username } }), t('account.unlocked'))}>
                {t('account.unlock')}
              </Button>
            )}
            {a.active ? (
              <Popconfirm
                title={t('account.disableConfirm', { name: a.displayName })}
                onConfirm={() => act(() => api(`/api/users/${a.id}`, { method: 'PATCH', body: { active: false } }), t('account.saved'))}
              >
                <Button type="link" size="small" danger>
                  {t('account.disable')}
                </Button>
              </Popconfirm>
            ) : (
              <Button type="link" size="small" onClick={() => act(() => api(`/api/users/${a.id}`, { method: 'PATCH', body: { active: true } }), t('account.saved'))}>
                {t('account.enable')}
              </Button>
            )}
          </Space>
        ),
    },
  ];

  return (
    <div className="page" data-testid="accounts-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('account.title')}
        </Typography.Title>
        <Space>
          <Input.Search allowClear placeholder={t('account.search')} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 240 }} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('account.create')}
          </Button>
        </Space>
      </Space>
      <Alert type="info" showIcon title={t('account.note')} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<Account>
        rowKey="id"
        size="middle"
        loading={items === null}
        dataSource={shown}
        columns={columns}
        pagination={{ pageSize: 20, showTotal: (n) => t('account.total', { n }) }}
      />

      <Modal open={creating} title={t('account.createTitle')} onCancel={() => setCreating(false)} onOk={() => createForm.submit()} destroyOnHidden>
        <Form
          form={createForm}
          layout="vertical"
          preserve={false}
          onFinish={async (v: { username: string; displayName: string; role: Role; divisionCode: string; department?: string; password: string }) => {
            const ok = await act(() => api('/api/users', { method: 'POST', body: { ...v, department: v.department || undefined } }), t('account.created'));
            if (ok) setCreating(false);
          }}
        >
          <Form.Item name="username" label={t('account.username')} rules={[{ required: true, message: t('account.required') }]}>
            <Input id="acc-username" autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('account.displayName')} rules={[{ required: true, message: t('account.required') }]}>
            <Input id="acc-name" />
          </Form.Item>
          <Form.Item name="role" label={t('account.role')} rules={[{ required: true, message: t('account.required') }]}>
            <Select options={roleOptions} id="acc-role" />
          </Form.Item>
          <Form.Item name="divisionCode" label={t('account.division')} rules={[{ required: true, message: t('account.required') }]}>
            <Select options={divisionOptions} showSearch optionFilterProp="label" id="acc-division" />
          </Form.Item>
          <Form.Item name="department" label={t('account.department')}>
            <Input />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('account.initialPassword')}
            extra={t('account.passwordRules', { rules: PASSWORD_RULES_TEXT })}
            dependencies={['username']}
            rules={passwordRule(() => createForm.getFieldValue('username') ?? '', t)}
          >
            <Input.Password id="acc-password" autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!resetting}
        title={resetting ? t('account.resetTitle', { name: resetting.displayName }) : ''}
        onCancel={() => setResetting(null)}
        onOk={() => resetForm.submit()}
        destroyOnHidden
      >
        <Form
          form={resetForm}
          layout="vertical"
          preserve={false}
          onFinish={async (v: { password: string }) => {
            const ok = await act(() => api(`/api/users/${resetting!.id}/password`, { method: 'POST', body: { password: v.password } }), t('account.resetDone'));
            if (ok) setResetting(null);
          }}
        >
          <Form.Item
            name="password"
            label={t('account.tempPassword')}
            extra={t('account.passwordRules', { rules: PASSWORD_RULES_TEXT })}
            rules={passwordRule(() => resetting?.username ?? '', t)}
          >
            <Input.Password id="reset-password" autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={!!editing} title={editing?.displayName} onCancel={() => setEditing(null)} onOk={() => editForm.submit()} destroyOnHidden>
        <Form
          form={editForm}
          layout="vertical"
          onFinish={async (v: { role: Role; divisionCode: string; displayName: string }) => {
            const ok = await act(() => api(`/api/users/${editing!.id}`, { method: 'PATCH', body: v }), t('account.saved'));
            if (ok) setEditing(null);
          }}
        >
          <Form.Item name="displayName" label={t('account.displayName')} rules={[{ required: true, message: t('account.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('account.role')} rules={[{ required: true, message: t('account.required') }]}>
            <Select options={roleOptions} />
          </Form.Item>
          <Form.Item name="divisionCode" label={t('account.division')} rules={[{ required: true, message: t('account.required') }]}>
            <Select options={divisionOptions} showSearch optionFilterProp="label" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
