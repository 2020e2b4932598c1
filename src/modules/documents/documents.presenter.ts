import type { Static } from 'typebox';
import { DOCUMENT_LABELS, type DocumentKind } from '../../../shared/enums.js';
import type { CaseDocument } from './documents.schemas.js';

/** A paper's row → its API shape. */
export function presentDocument(d: { id: string; case_id: string; kind: string; doc_no: string; refers_to: string | null; issued_at: Date }): Static<typeof CaseDocument> {
  const kind = d.kind as DocumentKind;
  return { id: d.id, caseId: d.case_id, kind, title: DOCUMENT_LABELS[kind], docNo: d.doc_no, refersTo: d.refers_to, issuedAt: d.issued_at, pdf: `/api/documents/${d.id}/pdf` };
}
