import { Component, type ReactNode } from 'react';
import type { CaseStatus } from '../../../src/api/types';
import { STATUS_COLORS } from '../../../src/lib/status';
import { STATUS_LABELS } from '../labels';
import { useObjectUrl } from './hooks';

export function StatusTag({ status }: { status: CaseStatus }) {
  return (
    <span className="tag" style={{ color: STATUS_COLORS[status], borderColor: STATUS_COLORS[status] }}>
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}

export function BlobImg({ blob, className }: { blob: Blob | null; className?: string }) {
  const url = useObjectUrl(blob);
  return url ? <img className={className} src={url} alt="" /> : <span className={`${className ?? ''} img-empty`} />;
}

export function ServerThumb({ src, className }: { src: string | undefined; className?: string }) {
  return src ? <img className={className} src={src} alt="" loading="lazy" /> : <span className={`${className ?? ''} img-empty`} />;
}

/** Shows `fallback` instead of a part that threw (e.g. the map chunk could not be loaded offline). */
export class Boundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

export function CameraIcon({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <path
        fill="currentColor"
        d="M9 3 7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9zm3 5a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9zm0 2a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z"
      />
    </svg>
  );
}

/** A hidden camera input behind a label: the tap itself opens the camera (webviews require a user gesture). */
export function PhotoPicker(props: { className?: string; testId?: string; multiple?: boolean; onPick: (files: File[]) => void; children: ReactNode; disabled?: boolean }) {
  return (
    <label className={`${props.className ?? ''}${props.disabled ? ' disabled' : ''}`}>
      <input
        type="file"
        accept="image/*"
        capture="environment"
        multiple={props.multiple}
        hidden
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = ''; // the same file can be picked again
          if (!files.length) return;
          // the reduced copies of a two-phase send are made while the inspector fills in the rest
          void import('../photo-prep').then((m) => files.forEach((f) => void m.preparePhoto(f)));
          props.onPick(files);
        }}
      />
      {props.children}
    </label>
  );
}
