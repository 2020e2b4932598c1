import { useEffect, useState } from 'react';
import type { User } from '../../../src/api/types';
import { logout, type NearbyCase, type PatrolConfig } from '../api';
import { MARKS, markOnce } from '../marks';
import { countByState } from '../outbox';
import { verdictOutcome } from '../patches';
import { onSent } from '../sync';
import { usePosition } from '../position';
import { loadConfig } from '../session';
import CaseSheet from './CaseSheet';
import { CameraIcon, PhotoPicker } from './common';
import { useOnline, useOutbox } from './hooks';
import MapTab from './MapTab';
import MyReports from './MyReports';
import PatchesNear from './PatchesNear';
import ReportSheet from './ReportSheet';

type Tab = 'map' | 'mine';

export default function Home({ user, onLogout }: { user: User; onLogout: () => void }) {
  const [tab, setTab] = useState<Tab>(() => (location.hash === '#mine' ? 'mine' : 'map'));
  const [config, setConfig] = useState<PatrolConfig | null>(null);
  const [reportFiles, setReportFiles] = useState<File[] | null>(null);
  const [selected, setSelected] = useState<NearbyCase | null>(null);
  /** A short message; `untilSent`: the outbox item whose sending makes it untrue (it then goes at once). */
  const [toast, setToast] = useState<{ text: string; untilSent: string | null } | null>(null);
  const online = useOnline();
  const pos = usePosition();
  const outbox = useOutbox(user.username);
  const counts = countByState(outbox.filter((i) => i.kind !== 'track'));
  const waiting = counts.queued + counts.sending;

  useEffect(() => {
    void loadConfig().then(setConfig);
  }, [online]);

  useEffect(() => markOnce(MARKS.reportReady), []);

  useEffect(() => {
    history.replaceState(null, '', tab === 'mine' ? '#mine' : location.pathname + location.search);
  }, [tab]);

  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), 3500);
    return () => clearTimeout(t);
  }, [toast]);

  useEffect(() => {
    const untilSent = toast?.untilSent;
    if (!untilSent) return;
    return onSent((it) => it.id === untilSent && setToast((cur) => (cur?.untilSent === untilSent ? null : cur)));
  }, [toast]);

  // a patch verdict reached the server: what it became (the case a 违法建设 registered)
  useEffect(
    () =>
      onSent(
        (it) => it.kind === 'verdict' && setToast({ text: `图斑 ${it.payload.patchCode} 核查结论已提交:${verdictOutcome(it.payload, it.result)},待镇街审核`, untilSent: null }),
      ),
    [],
  );

  const done = (message: string, untilSent: string | null = null) => {
    setToast({ text: message, untilSent });
    setReportFiles(null);
    setSelected(null);
  };

  return (
    <div className="app">
      <header className="topbar">
        <h1>无违建巡查</h1>
        <div className="topbar-right">
          {(waiting > 0 || counts.failed > 0) && (
            <button type="button" className={`pill ${counts.failed ? 'pill-red' : 'pill-orange'}`} onClick={() => setTab('mine')}>
              {counts.failed ? `${counts.failed} 条失败` : `待发送 ${waiting}`}
            </button>
          )}
          <span className={`pill ${online ? 'pill-green' : 'pill-grey'}`} data-testid="net-state">
            {online ? '在线' : '离线'}
          </span>
        </div>
      </header>

      <main className="content">
        {tab === 'map' ? (
          <>
            <MapTab user={user} config={config} position={pos} onSelect={setSelected} selectedId={selected?.id ?? null} />
            <PatchesNear user={user} fix={pos.fix} outbox={outbox} onDone={done} />
          </>
        ) : (
          <MyReports
            user={user}
            items={outbox}
            online={online}
            onLogout={async () => {
              await logout().catch(() => undefined);
              onLogout();
            }}
          />
        )}
      </main>

      <nav className="tabbar">
        <button type="button" className={tab === 'map' ? 'active' : ''} onClick={() => setTab('map')}>
          <span className="tab-icon">◎</span>巡查地图
        </button>
        <PhotoPicker className="report-btn" testId="report-photo-input" onPick={setReportFiles}>
          <span className="report-circle">
            <CameraIcon size={30} />
          </span>
          <span className="report-label">上报违建</span>
        </PhotoPicker>
        <button type="button" className={tab === 'mine' ? 'active' : ''} onClick={() => setTab('mine')} data-testid="tab-mine">
          <span className="tab-icon">☰</span>我的上报{waiting > 0 && <em className="dot-count">{waiting}</em>}
        </button>
      </nav>

      {reportFiles && (
        <ReportSheet
          user={user}
          config={config}
          outbox={outbox}
          files={reportFiles}
          onAddFiles={(f) => setReportFiles((cur) => [...(cur ?? []), ...f])}
          onRemoveFile={(i) => setReportFiles((cur) => (cur && cur.length > 1 ? cur.filter((_, j) => j !== i) : null))}
          onClose={() => setReportFiles(null)}
          onDone={done}
        />
      )}
      {selected && !reportFiles && <CaseSheet user={user} item={selected} fix={pos.fix} onClose={() => setSelected(null)} onDone={done} />}
      {toast && (
        <div className="toast" role="status">
          {toast.text}
        </div>
      )}
    </div>
  );
}
